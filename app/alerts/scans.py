"""The five alert scans, set-based.

Each scan runs a fixed number of queries whatever the number of projects:
one for the candidate rows, one for the alerts already stored (so that a
second run of the same day does little), one for the teams of the projects
concerned, then the inserts (one statement per 12 MB of alerts) and a count.
Dates are computed in Python, "today" being the date in Europe/Paris.
"""

from collections import defaultdict
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import F, Sum
from django.utils.translation import gettext as _

from core.dates import today as paris_today
from projects.models import Affectation, ContratMaintenance, Phase, Project, Statut, Tache

from .models import Alert
from .services import AlertEvent, store_alerts, unique_recipients

T, L, O = Alert.Type, Alert.Level, Alert.Object


class Teams:
    """Active team and responsable principal of the given projects: one query."""

    def __init__(self, project_ids):
        self.responsable, self.members = {}, defaultdict(list)
        if not project_ids:
            return
        rows = Affectation.objects.filter(date_fin__isnull=True, project_id__in=sorted(project_ids)).order_by()
        for project_id, user_id, is_responsable in rows.values_list("project_id", "user_id", "est_responsable"):
            self.members[project_id].append(user_id)
            if is_responsable:
                self.responsable[project_id] = user_id

    def in_team(self, project_id, user_id):
        return user_id in self.members.get(project_id, ())


def _already_alerted(object_type, types, **day_lookup):
    """(object id, type, day) of the alerts already stored: those objects are skipped.

    The unique constraint stays the guarantee; this only spares a second run
    of the same day from rebuilding and re-inserting every alert.
    """
    lookups = {f"dedup_day__{k}": v for k, v in day_lookup.items()}
    return set(
        Alert.objects.filter(object_type=object_type, type__in=types, **lookups)
        .order_by().values_list("object_id", "type", "dedup_day").distinct()
    )


def deadline_threshold(days_left):
    """The tightest threshold reached, or None. Negative = late."""
    if days_left < 0:
        return T.ECHEANCE_DEPASSEE
    if days_left <= 1:
        return T.ECHEANCE_J1
    if days_left <= 3:
        return T.ECHEANCE_J3
    if days_left <= 7:
        return T.ECHEANCE_J7
    return None


def _fmt(day):
    return day.strftime("%d/%m/%Y")


def scan_project_deadlines(today=None):
    """Projects EN_COURS at J-7, J-3, J-1 (tightest threshold, once per deadline) or late (daily)."""
    today = today or paris_today()
    done = _already_alerted(O.PROJECT, [T.ECHEANCE_J7, T.ECHEANCE_J3, T.ECHEANCE_J1, T.ECHEANCE_DEPASSEE],
                            gte=today)
    rows = []
    for pid, nom, date_fin, createur_id in (
        Project.objects.filter(statut=Statut.EN_COURS, date_fin__isnull=False, date_fin__lte=today + timedelta(days=7))
        .order_by().values_list("id", "nom", "date_fin", "createur_id")
    ):
        days_left = (date_fin - today).days
        kind = deadline_threshold(days_left)
        # Thresholds: once per deadline, so a missed run still sends the tightest one.
        dedup_day = today if kind == T.ECHEANCE_DEPASSEE else date_fin
        if (pid, kind, dedup_day) not in done:
            rows.append((pid, nom, date_fin, createur_id, days_left, kind, dedup_day))
    teams = Teams({r[0] for r in rows})
    def events():
        for pid, nom, date_fin, createur_id, days_left, kind, dedup_day in rows:
            recipients = [createur_id, teams.responsable.get(pid)]
            data = {"date_fin": date_fin, "jours_restants": days_left}
            if kind == T.ECHEANCE_DEPASSEE:
                level = L.DANGER
                data["jours_retard"] = -days_left
                title = _("Projet « %(nom)s » : échéance dépassée de %(n)d jour(s)") % {"nom": nom, "n": -days_left}
            else:
                level = L.DANGER if kind == T.ECHEANCE_J1 else L.WARNING
                if kind == T.ECHEANCE_J7:
                    recipients += teams.members.get(pid, [])
                title = _("Projet « %(nom)s » : échéance dans %(n)d jour(s)") % {"nom": nom, "n": days_left}
            message = _("Le projet « %(nom)s » se termine le %(date)s.") % {"nom": nom, "date": _fmt(date_fin)}
            yield AlertEvent(unique_recipients(*recipients), kind, level, pid, O.PROJECT, pid, dedup_day,
                                     title, message, data)
    return store_alerts(events())


def scan_phase_delays(today=None):
    """Running phases whose planned end has passed (daily)."""
    today = today or paris_today()
    done = _already_alerted(O.PHASE, [T.RETARD_ETAPE], exact=today)
    rows = [
        r for r in Phase.objects.filter(statut=Phase.Statut.EN_COURS, date_fin_prevue__lt=today).order_by()
        .values_list("id", "type", "date_fin_prevue", "project_id", "project__nom", "project__createur_id")
        if (r[0], T.RETARD_ETAPE, today) not in done
    ]
    teams = Teams({r[3] for r in rows})
    labels = dict(Phase.Type.choices)
    def events():
        for phid, ptype, fin, pid, nom, createur_id in rows:
            late = (today - fin).days
            title = _("Projet « %(nom)s » : la phase %(phase)s est en retard de %(n)d jour(s)") % {
                "nom": nom, "phase": labels[ptype], "n": late}
            message = _("La phase %(phase)s devait se terminer le %(date)s.") % {"phase": labels[ptype], "date": _fmt(fin)}
            yield AlertEvent(
                unique_recipients(createur_id, teams.responsable.get(pid)), T.RETARD_ETAPE, L.WARNING, pid, O.PHASE,
                phid, today, title, message, {"phase": ptype, "date_fin_prevue": fin, "jours_retard": late},
            )
    return store_alerts(events())


def scan_task_deadlines(today=None):
    """Open tasks past their due date (daily): the owner if still in the team, and the responsable."""
    today = today or paris_today()
    done = _already_alerted(O.TASK, [T.TACHES_EN_RETARD], exact=today)
    rows = [
        r for r in Tache.objects.filter(statut__in=Tache.OPEN, date_echeance__lt=today).order_by()
        .values_list("id", "nom", "date_echeance", "responsable_id", "phase__project_id", "phase__project__nom")
        if (r[0], T.TACHES_EN_RETARD, today) not in done
    ]
    teams = Teams({r[4] for r in rows})
    def events():
        for tid, nom, due, owner_id, pid, pnom in rows:
            late = (today - due).days
            title = _("Projet « %(projet)s » : tâche « %(nom)s » en retard de %(n)d jour(s)") % {
                "projet": pnom, "nom": nom, "n": late}
            message = _("La tâche « %(nom)s » était due le %(date)s.") % {"nom": nom, "date": _fmt(due)}
            owner = owner_id if teams.in_team(pid, owner_id) else None
            yield AlertEvent(
                unique_recipients(owner, teams.responsable.get(pid)), T.TACHES_EN_RETARD, L.DANGER, pid, O.TASK, tid,
                today, title, message, {"tache": nom, "date_echeance": due, "jours_retard": late},
            )
    return store_alerts(events())


def scan_budget_overruns(today=None):
    """Projects EN_COURS whose spending exceeds the planned budget (daily)."""
    today = today or paris_today()
    done = _already_alerted(O.PROJECT, [T.BUDGET_DEPASSE], exact=today)
    rows = [
        r for r in Project.objects.filter(statut=Statut.EN_COURS)
        .annotate(spent=Sum("lignes_budget__montant")).filter(spent__gt=F("budget_previsionnel")).order_by()
        .values_list("id", "nom", "budget_previsionnel", "spent", "createur_id", "devise")
        if (r[0], T.BUDGET_DEPASSE, today) not in done
    ]
    teams = Teams({r[0] for r in rows})
    def events():
        for pid, nom, planned, spent, createur_id, devise in rows:
            overrun = spent - planned
            percent = round(spent * 100 / planned, 1)
            title = _("Projet « %(nom)s » : budget dépassé (%(p)s %%)") % {"nom": nom, "p": percent}
            message = _("Prévu %(planned)s %(cur)s, dépensé %(spent)s %(cur)s, dépassement %(over)s %(cur)s.") % {
                "planned": planned, "spent": spent, "over": overrun, "cur": devise}
            yield AlertEvent(
                unique_recipients(createur_id, teams.responsable.get(pid)), T.BUDGET_DEPASSE, L.DANGER, pid, O.PROJECT,
                pid, today, title, message,
                {"prevu": planned, "depense": spent, "depassement": overrun, "pourcentage": percent},
            )
    return store_alerts(events())


def scan_contract_expirations(today=None):
    """Contracts with 30 days left, or expired: once per contract and recipient, ever."""
    today = today or paris_today()
    superusers = list(get_user_model().objects.filter(is_superuser=True, is_active=True).values_list("id", flat=True))
    done = {(oid, kind) for oid, kind, _day in
            _already_alerted(O.CONTRACT, [T.CONTRAT_EXPIRATION, T.CONTRAT_EXPIRE])}
    rows = []
    for cid, ctype, debut, fin, pid, nom in (
        ContratMaintenance.objects.filter(date_fin__lte=today + timedelta(days=30)).order_by()
        .values_list("id", "type", "date_debut", "date_fin", "project_id", "project__nom")
    ):
        if fin < today:
            kind = T.CONTRAT_EXPIRE
        elif debut <= today:
            kind = T.CONTRAT_EXPIRATION
        else:
            continue  # not started yet
        if (cid, kind) not in done:
            rows.append((cid, ctype, fin, pid, nom, kind))
    teams = Teams({r[3] for r in rows})
    def events():
        for cid, ctype, fin, pid, nom, kind in rows:
            days_left = (fin - today).days
            if kind == T.CONTRAT_EXPIRE:
                level = L.DANGER
                title = _("Projet « %(nom)s » : contrat de maintenance expiré le %(date)s") % {"nom": nom, "date": _fmt(fin)}
            else:
                level = L.WARNING
                title = _("Projet « %(nom)s » : contrat de maintenance expirant dans %(n)d jour(s)") % {
                    "nom": nom, "n": days_left}
            message = _("Contrat %(type)s, fin le %(date)s.") % {"type": ctype, "date": _fmt(fin)}
            yield AlertEvent(
                unique_recipients(*superusers, teams.responsable.get(pid)), kind, level, pid, O.CONTRACT, cid, fin,
                title, message, {"type": ctype, "date_fin": fin, "jours_restants": days_left},
            )
    return store_alerts(events())


SCANS = {
    "check_project_deadlines": scan_project_deadlines,
    "check_phase_delays": scan_phase_delays,
    "check_task_deadlines": scan_task_deadlines,
    "check_budget_overruns": scan_budget_overruns,
    "check_contract_expirations": scan_contract_expirations,
}
