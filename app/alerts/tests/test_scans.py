from datetime import date, datetime, timedelta, timezone as dt_timezone
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import UserFactory
from alerts import scans
from alerts.dataset import build_dataset
from alerts.models import Alert
from core import dates
from projects.models import Affectation
from projects.tests.factories import (
    ContratFactory, LigneBudgetFactory, ProjectFactory, TacheFactory, make_team, running,
)

TODAY = date(2026, 3, 16)
T = Alert.Type


def alerts_of(kind):
    return Alert.objects.filter(type=kind)


def recipients(kind):
    return set(alerts_of(kind).values_list("recipient_id", flat=True))


@pytest.fixture
def project(db):
    p = ProjectFactory()
    responsable, members = make_team(p, size=2)
    p.responsable_user, p.members = responsable, members
    return p


def set_end(project, days_left):
    running(project)
    project.date_fin = TODAY + timedelta(days=days_left)
    project.save()


@pytest.mark.parametrize("days_left,kind,level", [
    (7, T.ECHEANCE_J7, "WARNING"), (5, T.ECHEANCE_J7, "WARNING"), (3, T.ECHEANCE_J3, "WARNING"),
    (1, T.ECHEANCE_J1, "DANGER"), (0, T.ECHEANCE_J1, "DANGER"), (-4, T.ECHEANCE_DEPASSEE, "DANGER"),
])
def test_deadline_thresholds(project, days_left, kind, level):
    set_end(project, days_left)
    assert scans.scan_project_deadlines(TODAY) > 0
    assert set(Alert.objects.values_list("type", "level").distinct()) == {(kind, level)}
    expected = {project.createur_id, project.responsable_user.id}
    if kind == T.ECHEANCE_J7:
        expected |= {m.id for m in project.members}
    assert recipients(kind) == expected
    if kind == T.ECHEANCE_DEPASSEE:
        assert alerts_of(kind).first().data["jours_retard"] == 4


def test_no_deadline_alert_beyond_seven_days(project):
    set_end(project, 8)
    assert scans.scan_project_deadlines(TODAY) == 0


def test_missed_run_sends_the_tightest_threshold_once(project):
    set_end(project, 7)
    scans.scan_project_deadlines(TODAY)
    assert scans.scan_project_deadlines(TODAY + timedelta(days=1)) == 0, "J-7 already sent"
    # No run on J-3 (missed); the run on J-2 still sends J-3, once.
    assert scans.scan_project_deadlines(TODAY + timedelta(days=5)) == 2
    assert scans.scan_project_deadlines(TODAY + timedelta(days=5)) == 0
    assert alerts_of(T.ECHEANCE_J3).count() == 2


def test_late_project_alerted_once_per_day(project):
    set_end(project, -1)
    assert scans.scan_project_deadlines(TODAY) == 2
    assert scans.scan_project_deadlines(TODAY) == 0
    assert scans.scan_project_deadlines(TODAY + timedelta(days=1)) == 2


def test_phase_delay(project):
    running(project, date_fin_prevue=TODAY - timedelta(days=2))
    assert scans.scan_phase_delays(TODAY) == 2
    assert recipients(T.RETARD_ETAPE) == {project.createur_id, project.responsable_user.id}
    assert scans.scan_phase_delays(TODAY) == 0


def test_overdue_tasks_go_to_owner_in_team_and_responsable(project):
    phase = running(project)
    member = project.members[0]
    outsider = UserFactory()
    TacheFactory(phase=phase, responsable=member, date_echeance=TODAY - timedelta(days=1), statut="BLOQUEE")
    TacheFactory(phase=phase, responsable=outsider, date_echeance=TODAY - timedelta(days=1))
    TacheFactory(phase=phase, responsable=member, date_echeance=TODAY - timedelta(days=1), statut="TERMINEE")
    TacheFactory(phase=phase, responsable=member, date_echeance=TODAY)
    assert scans.scan_task_deadlines(TODAY) == 3
    assert recipients(T.TACHES_EN_RETARD) == {member.id, project.responsable_user.id}
    # A member who left the team is no longer alerted.
    Affectation.objects.filter(project=project, user=member).update(date_fin=TODAY)
    Alert.objects.all().delete()
    assert scans.scan_task_deadlines(TODAY) == 2
    assert recipients(T.TACHES_EN_RETARD) == {project.responsable_user.id}


def test_budget_overrun(project):
    running(project)
    LigneBudgetFactory(project=project, montant=Decimal("6000"))
    assert scans.scan_budget_overruns(TODAY) == 0
    LigneBudgetFactory(project=project, montant=Decimal("4500"))
    assert scans.scan_budget_overruns(TODAY) == 2
    data = alerts_of(T.BUDGET_DEPASSE).first().data
    assert Decimal(data["depassement"]) == Decimal("500")
    assert Decimal(str(data["pourcentage"])) == Decimal("105.0")


def test_contracts_alerted_once_ever(project, superuser):
    expiring = ContratFactory(project=project, date_debut=TODAY - timedelta(days=100), date_fin=TODAY + timedelta(days=30))
    ContratFactory(project=project, type="EVOLUTIVE", date_debut=TODAY - timedelta(days=100), date_fin=TODAY - timedelta(days=1))
    ContratFactory(project=project, type="EVOLUTIVE", date_debut=TODAY, date_fin=TODAY + timedelta(days=40))
    assert scans.scan_contract_expirations(TODAY) == 4
    assert recipients(T.CONTRAT_EXPIRATION) == {superuser.id, project.responsable_user.id}
    assert alerts_of(T.CONTRAT_EXPIRATION).get(recipient=superuser).object_id == expiring.id
    assert scans.scan_contract_expirations(TODAY + timedelta(days=1)) == 0


def test_unique_constraint_rejects_a_duplicate(project):
    fields = dict(recipient=project.createur, type=T.BUDGET_DEPASSE, level="DANGER", object_type="PROJECT",
                  object_id=project.id, dedup_day=TODAY, title="t", message="m", batch="x")
    Alert.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Alert.objects.create(**fields)


def test_today_is_the_paris_date(monkeypatch):
    # 23:30 UTC on 31 March is already 1 April in Paris (UTC+2).
    monkeypatch.setattr(dates.timezone, "now", lambda: datetime(2026, 3, 31, 23, 30, tzinfo=dt_timezone.utc))
    assert dates.today() == date(2026, 4, 1)


def _scan_queries(n, prefix):
    build_dataset(n, TODAY, prefix=prefix, n_users=10)
    with CaptureQueriesContext(connection) as ctx:
        created = sum(scan(TODAY) for scan in scans.SCANS.values())
    return len(ctx.captured_queries), created


def test_query_count_does_not_grow_with_projects(db, superuser):
    small, created_small = _scan_queries(10, "small")
    Alert.objects.all().delete()
    large, created_large = _scan_queries(200, "large")
    assert created_large > created_small > 0
    assert large == small, f"{small} queries for 10 projects, {large} for 200"
