"""The five alert scans, set-based.

Each scan runs a fixed number of queries whatever the number of projects:
it reads the candidate rows and their recipients with a few joined queries,
builds the alerts in Python and stores them with one bulk insert.
"""

from collections import defaultdict
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Exists, F, OuterRef, Sum
from django.utils.translation import gettext as _

from core.dates import today as paris_today
from projects.models import Affectation, ContratMaintenance, Phase, Project, Statut, Tache

from .models import Alert
from .services import AlertRow, store_alerts, unique_recipients

T, L, O = Alert.Type, Alert.Level, Alert.Object


def _responsables(**project_lookups):
    """project id -> active responsable principal, for the projects matching the lookups (a join)."""
    lookups = {f"project__{k}": v for k, v in project_lookups.items()}
    return dict(
        Affectation.objects.filter(est_responsable=True, date_fin__isnull=True, **lookups)
        .values_list("project_id", "user_id").distinct()
    )


def _teams(**project_lookups):
    """project id -> active members, for the projects matching the lookups (a join)."""
    lookups = {f"project__{k}": v for k, v in project_lookups.items()}
    teams = defaultdict(list)
    for project_id, user_id in (
        Affectation.objects.filter(date_fin__isnull=True, **lookups).values_list("project_id", "user_id").distinct()
    ):
        teams[project_id].append(user_id)
    return teams


def _already_alerted(object_type, types, **day_lookup):
    """(object id, type, day) of the alerts already stored: those objects are skipped.

    The unique constraint stays the guarantee; this only spares a second run
    of the same day from rebuilding and re-inserting every alert.
    """
    return set(
        Alert.objects.filter(object_type=object_type, type__in=types, **{f"dedup_day__{k}": v for k, v in day_lookup.items()})
        .values_list("object_id", "type", "dedup_day").distinct()
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


def scan_project_deadlines(today=None):
    today = today or paris_today()
    horizon = today + timedelta(days=7)
    candidates = Project.objects.filter(statut=Statut.EN_COURS, date_fin__isnull=False, date_fin__lte=horizon)
    responsables = _responsables(statut=Statut.EN_COURS, date_fin__isnull=False, date_fin__lte=horizon)
    teams = _teams(statut=Statut.EN_COURS, date_fin__gt=today + timedelta(days=3), date_fin__lte=horizon)
    done = _already_alerted(O.PROJECT, [T.ECHEANCE_J7, T.ECHEANCE_J3, T.ECHEANCE_J1, T.ECHEANCE_DEPASSEE], gte=today)
    alerts = []
    for pid, nom, date_fin, createur_id in candidates.values_list("id", "nom", "date_fin", "createur_id"):
        days_left = (date_fin - today).days
        kind = deadline_threshold(days_left)
        if (pid, kind, today if days_left < 0 else date_fin) in done:
            continue
        recipients = [createur_id, responsables.get(pid)]
        data = {"date_fin": date_fin, "jours_restants": days_left}
        if kind == T.ECHEANCE_DEPASSEE:
            level, dedup_day = L.DANGER, today
            data["jours_retard"] = -days_left
            title = _("Projet « %(nom)s » : échéance dépassée de %(n)d jour(s)") % {"nom": nom, "n": -days_left}
        else:
            # Once per threshold and deadline: a missed run still sends the tightest one.
            level = L.DANGER if kind == T.ECHEANCE_J1 else L.WARNING
            dedup_day = date_fin
            if kind == T.ECHEANCE_J7:
                recipients += teams.get(pid, [])
            title = _("Projet « %(nom)s » : échéance dans %(n)d jour(s)") % {"nom": nom, "n": days_left}
        message = _("Le projet « %(nom)s » se termine le %(date)s.") % {"nom": nom, "date": date_fin.strftime("%d/%m/%Y")}
        for uid in unique_recipients(*recipients):
            alerts.append(AlertRow(
                recipient_id=uid, type=kind, level=level, project_id=pid, object_type=O.PROJECT,
                object_id=pid, dedup_day=dedup_day, title=title, message=message, data=data,
            ))
    return store_alerts(alerts)


def scan_phase_delays(today=None):
    today = today or paris_today()
    phases = Phase.objects.filter(statut=Phase.Statut.EN_COURS, date_fin_prevue__lt=today)
    responsables = _responsables(phases__statut=Phase.Statut.EN_COURS, phases__date_fin_prevue__lt=today)
    done = _already_alerted(O.PHASE, [T.RETARD_ETAPE], exact=today)
    labels = dict(Phase.Type.choices)
    alerts = []
    for phid, ptype, fin, pid, nom, createur_id in phases.values_list(
        "id", "type", "date_fin_prevue", "project_id", "project__nom", "project__createur_id"
    ):
        if (phid, T.RETARD_ETAPE, today) in done:
            continue
        late = (today - fin).days
        title = _("Projet « %(nom)s » : la phase %(phase)s est en retard de %(n)d jour(s)") % {
            "nom": nom, "phase": labels[ptype], "n": late}
        message = _("La phase %(phase)s devait se terminer le %(date)s.") % {
            "phase": labels[ptype], "date": fin.strftime("%d/%m/%Y")}
        for uid in unique_recipients(createur_id, responsables.get(pid)):
            alerts.append(AlertRow(
                recipient_id=uid, type=T.RETARD_ETAPE, level=L.WARNING, project_id=pid, object_type=O.PHASE,
                object_id=phid, dedup_day=today, title=title, message=message,
                data={"phase": ptype, "date_fin_prevue": fin, "jours_retard": late},
            ))
    return store_alerts(alerts)


def scan_task_deadlines(today=None):
    today = today or paris_today()
    tasks = Tache.objects.filter(statut__in=Tache.OPEN, date_echeance__lt=today)
    overdue = {"phases__taches__statut__in": Tache.OPEN, "phases__taches__date_echeance__lt": today}
    responsables = _responsables(**overdue)
    in_team = {(pid, uid) for pid, members in _teams(**overdue).items() for uid in members}
    done = _already_alerted(O.TASK, [T.TACHES_EN_RETARD], exact=today)
    alerts = []
    for tid, nom, due, owner_id, pid, pnom in tasks.values_list(
        "id", "nom", "date_echeance", "responsable_id", "phase__project_id", "phase__project__nom"
    ).iterator(chunk_size=5000):
        if (tid, T.TACHES_EN_RETARD, today) in done:
            continue
        late = (today - due).days
        title = _("Projet « %(projet)s » : tâche « %(nom)s » en retard de %(n)d jour(s)") % {
            "projet": pnom, "nom": nom, "n": late}
        message = _("La tâche « %(nom)s » était due le %(date)s.") % {"nom": nom, "date": due.strftime("%d/%m/%Y")}
        owner = owner_id if (pid, owner_id) in in_team else None
        for uid in unique_recipients(owner, responsables.get(pid)):
            alerts.append(AlertRow(
                recipient_id=uid, type=T.TACHES_EN_RETARD, level=L.DANGER, project_id=pid, object_type=O.TASK,
                object_id=tid, dedup_day=today, title=title, message=message,
                data={"tache": nom, "date_echeance": due, "jours_retard": late},
            ))
    return store_alerts(alerts)


def scan_budget_overruns(today=None):
    today = today or paris_today()
    projects = (
        Project.objects.filter(statut=Statut.EN_COURS)
        .annotate(spent=Sum("lignes_budget__montant"))
        .filter(spent__gt=F("budget_previsionnel"))
    )
    rows = list(projects.values_list("id", "nom", "budget_previsionnel", "spent", "createur_id", "devise"))
    responsables = _responsables(statut=Statut.EN_COURS, lignes_budget__isnull=False)
    done = _already_alerted(O.PROJECT, [T.BUDGET_DEPASSE], exact=today)
    alerts = []
    for pid, nom, planned, spent, createur_id, devise in rows:
        if (pid, T.BUDGET_DEPASSE, today) in done:
            continue
        overrun = spent - planned
        percent = round(spent * 100 / planned, 1)
        title = _("Projet « %(nom)s » : budget dépassé (%(p)s %%)") % {"nom": nom, "p": percent}
        message = _("Prévu %(planned)s %(cur)s, dépensé %(spent)s %(cur)s, dépassement %(over)s %(cur)s.") % {
            "planned": planned, "spent": spent, "over": overrun, "cur": devise}
        for uid in unique_recipients(createur_id, responsables.get(pid)):
            alerts.append(AlertRow(
                recipient_id=uid, type=T.BUDGET_DEPASSE, level=L.DANGER, project_id=pid, object_type=O.PROJECT,
                object_id=pid, dedup_day=today, title=title, message=message,
                data={"prevu": planned, "depense": spent, "depassement": overrun, "pourcentage": percent},
            ))
    return store_alerts(alerts)


def scan_contract_expirations(today=None):
    today = today or paris_today()
    superusers = list(get_user_model().objects.filter(is_superuser=True, is_active=True).values_list("id", flat=True))
    expiring = ContratMaintenance.objects.filter(
        date_debut__lte=today, date_fin__gte=today, date_fin__lte=today + timedelta(days=30)
    )
    expired = ContratMaintenance.objects.filter(date_fin__lt=today)
    alerts = []
    for kind, level, contracts in (
        (T.CONTRAT_EXPIRATION, L.WARNING, expiring),
        (T.CONTRAT_EXPIRE, L.DANGER, expired),
    ):
        # Once per contract and recipient, ever: skip contracts already alerted.
        contracts = contracts.exclude(
            Exists(Alert.objects.filter(type=kind, object_type=O.CONTRACT, object_id=OuterRef("pk")))
        )
        window = {"contrats__date_fin__lt": today} if kind == T.CONTRAT_EXPIRE else {
            "contrats__date_debut__lte": today, "contrats__date_fin__gte": today,
            "contrats__date_fin__lte": today + timedelta(days=30)}
        responsables = _responsables(**window)
        for cid, ctype, fin, pid, nom in contracts.values_list("id", "type", "date_fin", "project_id", "project__nom"):
            days_left = (fin - today).days
            if kind == T.CONTRAT_EXPIRE:
                title = _("Projet « %(nom)s » : contrat de maintenance expiré le %(date)s") % {
                    "nom": nom, "date": fin.strftime("%d/%m/%Y")}
            else:
                title = _("Projet « %(nom)s » : contrat de maintenance expirant dans %(n)d jour(s)") % {
                    "nom": nom, "n": days_left}
            message = _("Contrat %(type)s, fin le %(date)s.") % {"type": ctype, "date": fin.strftime("%d/%m/%Y")}
            for uid in unique_recipients(*superusers, responsables.get(pid)):
                alerts.append(AlertRow(
                    recipient_id=uid, type=kind, level=level, project_id=pid, object_type=O.CONTRACT,
                    object_id=cid, dedup_day=fin, title=title, message=message,
                    data={"type": ctype, "date_fin": fin, "jours_restants": days_left},
                ))
    return store_alerts(alerts)


SCANS = {
    "check_project_deadlines": scan_project_deadlines,
    "check_phase_delays": scan_phase_delays,
    "check_task_deadlines": scan_task_deadlines,
    "check_budget_overruns": scan_budget_overruns,
    "check_contract_expirations": scan_contract_expirations,
}
