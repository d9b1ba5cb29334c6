"""What puts a project at risk, as the pages show it: translated labels and a level
(danger, warning, ok, info) that the templates turn into colours.

The rules (today is the date in Europe/Paris, core.dates.today):
  - a project is late when it runs (EN_COURS) past its end date;
  - a task is overdue when it is not done and its due date has passed; blocked tasks count apart;
  - a phase is past due when it is not finished and its planned end has passed;
  - a contract expires within 30 days, or has expired;
  - the budget's status is BudgetSummary's (used >= 90 %: critical, > 100 %: over budget).
A project is at risk when it is open (not finished or archived) and late, over budget or
critical, or has overdue or blocked tasks or a past-due phase.

attach_risks() computes this for a page of projects with three queries, whatever their number.
"""

from collections import defaultdict
from datetime import timedelta
from typing import NamedTuple

from functools import cached_property

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _, ngettext

from .models import CLOSED, BudgetSummary, ContratMaintenance, Phase, Statut, Tache

CONTRACT_WARNING_DAYS = 30
AT_RISK_BUDGET = (BudgetSummary.CRITIQUE, BudgetSummary.DEPASSE)
# Open statuses as lists (IN): ranges of the (statut, date) indexes, where NOT would scan.
PHASE_OPEN = (Phase.Statut.A_VENIR, Phase.Statut.EN_COURS)


class Badge(NamedTuple):
    label: str
    level: str  # danger, warning, ok, info, muted: the badge's colour


def project_is_late(project, today):
    return project.statut == Statut.EN_COURS and project.date_fin is not None and project.date_fin < today


def task_is_overdue(task, today):
    return task.statut != Tache.Statut.TERMINEE and task.date_echeance is not None and task.date_echeance < today


def phase_is_late(phase, today):
    return (phase.statut != Phase.Statut.TERMINEE and phase.date_fin_prevue is not None
            and phase.date_fin_prevue < today)


def contract_state(contract, today):
    """expired, expiring (30 days or less), active or future."""
    if contract.date_fin < today:
        return "expired"
    if contract.date_debut > today:
        return "future"
    if (contract.date_fin - today).days <= CONTRACT_WARNING_DAYS:
        return "expiring"
    return "active"


CONTRACT_BADGES = {
    "expired": Badge(_("Expiré"), "danger"),
    "expiring": Badge(_("Expire bientôt"), "warning"),
    "active": Badge(_("En vigueur"), "ok"),
    "future": Badge(_("À venir"), "info"),
}

STATUS_LEVELS = {
    Statut.IDEE: "muted", Statut.AFFECTE: "muted", Statut.PLANIFIE: "info", Statut.EN_COURS: "info",
    Statut.SUSPENDU: "warning", Statut.TERMINE: "ok", Statut.ARCHIVE: "muted",
}
TASK_LEVELS = {
    Tache.Statut.A_FAIRE: "muted", Tache.Statut.EN_COURS: "info", Tache.Statut.TERMINEE: "ok",
    Tache.Statut.BLOQUEE: "warning",
}
PHASE_LEVELS = {Phase.Statut.A_VENIR: "muted", Phase.Statut.EN_COURS: "info", Phase.Statut.TERMINEE: "ok"}


class ProjectRisk:
    """The risks of one project; counts come from attach_risks()."""

    def __init__(self, project, today, overdue_tasks=0, blocked_tasks=0, late_phases=0,
                 expired_contracts=0, expiring_contracts=0):
        self.late = project_is_late(project, today)
        self.open = project.statut not in CLOSED
        self.budget = project.budget_summary()
        self.overdue_tasks = overdue_tasks
        self.blocked_tasks = blocked_tasks
        self.late_phases = late_phases
        self.expired_contracts = expired_contracts
        self.expiring_contracts = expiring_contracts

    @property
    def at_risk(self):
        return self.open and bool(
            self.late or self.budget.status in AT_RISK_BUDGET or self.overdue_tasks or self.blocked_tasks
            or self.late_phases
        )

    @property
    def score(self):
        """Order of the portfolio's table: the most serious first."""
        return (
            4 * self.late + 4 * (self.budget.status == BudgetSummary.DEPASSE)
            + 2 * (self.budget.status == BudgetSummary.CRITIQUE) + 3 * bool(self.overdue_tasks)
            + 2 * bool(self.blocked_tasks) + 2 * bool(self.late_phases)
        )

    @cached_property
    def level(self):
        """The row's colour: the most serious of the badges and of the budget (for open projects)."""
        levels = {b.level for b in self.badges}
        if self.open:
            levels.add(self.budget.level)
        if "danger" in levels:
            return "danger"
        if "warning" in levels:
            return "warning"
        return "ok"

    @cached_property
    def badges(self):
        """Translated labels of what is wrong; the budget's status is shown beside its percentage."""
        badges = []
        if self.late:
            badges.append(Badge(_("En retard"), "danger"))
        if self.overdue_tasks:
            badges.append(Badge(ngettext("%(n)d tâche en retard", "%(n)d tâches en retard", self.overdue_tasks)
                                % {"n": self.overdue_tasks}, "danger"))
        if self.blocked_tasks:
            badges.append(Badge(ngettext("%(n)d tâche bloquée", "%(n)d tâches bloquées", self.blocked_tasks)
                                % {"n": self.blocked_tasks}, "warning"))
        if self.late_phases:
            badges.append(Badge(ngettext("%(n)d phase en retard", "%(n)d phases en retard", self.late_phases)
                                % {"n": self.late_phases}, "warning"))
        if self.expired_contracts:
            badges.append(Badge(_("Contrat expiré"), "danger"))
        if self.expiring_contracts:
            badges.append(Badge(_("Contrat expirant"), "warning"))
        return badges


def attach_risks(projects, today):
    """Set project.risk on each project: three queries for the whole list (a page, not the portfolio)."""
    projects = list(projects)
    ids = [p.pk for p in projects]
    tasks, phases, contracts = {}, {}, defaultdict(lambda: defaultdict(int))
    if ids:
        tasks = {
            row["phase__project_id"]: row for row in
            Tache.objects.filter(phase__project_id__in=ids).filter(risky_task_q(today)).order_by()
            .values("phase__project_id")
            .annotate(overdue=Count("id", filter=Q(date_echeance__lt=today)),
                      blocked=Count("id", filter=Q(statut=Tache.Statut.BLOQUEE)))
        }
        phases = dict(
            Phase.objects.filter(project_id__in=ids, date_fin_prevue__lt=today, statut__in=PHASE_OPEN)
            .order_by().values("project_id").annotate(n=Count("id")).values_list("project_id", "n")
        )
        # A contract's expiry counts unless another of the same type runs on after it (renewed).
        latest = defaultdict(lambda: None)
        rows = list(ContratMaintenance.objects.filter(project_id__in=ids).order_by()
                    .values_list("project_id", "type", "date_debut", "date_fin"))
        for pid, ctype, _debut, fin in rows:
            if latest[pid, ctype] is None or fin > latest[pid, ctype]:
                latest[pid, ctype] = fin
        for pid, ctype, debut, fin in rows:
            if fin != latest[pid, ctype] or debut > today:
                continue
            if fin < today:
                contracts[pid]["expired"] += 1
            elif fin <= today + timedelta(days=CONTRACT_WARNING_DAYS):
                contracts[pid]["expiring"] += 1
    for p in projects:
        t = tasks.get(p.pk, {})
        p.risk = ProjectRisk(
            p, today, overdue_tasks=t.get("overdue", 0), blocked_tasks=t.get("blocked", 0),
            late_phases=phases.get(p.pk, 0), expired_contracts=contracts[p.pk]["expired"],
            expiring_contracts=contracts[p.pk]["expiring"],
        )
    return projects


# -- The same rules as SQL filters, for the project list and the portfolio --------------------

def late_q(today):
    return Q(statut=Statut.EN_COURS, date_fin__lt=today)


def over_budget_q():
    return Q(taux_depense__gt=100)


def risky_task_q(today):
    """Overdue or blocked; written as ranges of the (statut, date_echeance) index."""
    return Q(statut__in=Tache.OPEN, date_echeance__lt=today) | Q(statut=Tache.Statut.BLOQUEE)


def risky_task_project_ids(today):
    return Tache.objects.filter(risky_task_q(today)).order_by().values("phase__project_id")


def late_phase_project_ids(today):
    return Phase.objects.filter(date_fin_prevue__lt=today, statut__in=PHASE_OPEN).order_by().values("project_id")


def at_risk_q(today):
    return ~Q(statut__in=CLOSED) & (
        late_q(today) | Q(taux_depense__gte=90)
        | Q(pk__in=risky_task_project_ids(today)) | Q(pk__in=late_phase_project_ids(today))
    )


def most_at_risk(projects, today, limit=8):
    """The projects most at risk among `projects` (a queryset), most serious first.

    Scoring every project would read every task and phase of the portfolio; instead each
    kind of risk gives its first `limit` projects from an index (a bounded number of rows),
    and those candidates are scored in Python. The full list is the project list's filter.
    """
    open_projects = projects.exclude(statut__in=CLOSED)
    open_ids = open_projects.order_by().values("pk")
    late = open_projects.filter(late_q(today)).order_by("date_fin").values_list("pk", flat=True)[:limit]
    budget = open_projects.filter(taux_depense__gte=90).order_by("-taux_depense").values_list("pk", flat=True)[:limit]
    tasks = (risky_task_project_ids(today).filter(phase__project_id__in=open_ids)
             .values_list("phase__project_id", flat=True).distinct()[:limit])
    phases = (late_phase_project_ids(today).filter(project_id__in=open_ids)
              .values_list("project_id", flat=True).distinct()[:limit])
    candidates = set(late.union(budget, tasks, phases, all=True))  # one statement
    rows = attach_risks(projects.filter(pk__in=candidates).order_by(), today) if candidates else []
    rows = [p for p in rows if p.risk.at_risk]
    rows.sort(key=lambda p: (-p.risk.score, p.date_fin or today + timedelta(days=36500), p.nom))
    return rows[:limit]
