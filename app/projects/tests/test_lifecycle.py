from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from alerts.models import Alert
from core.dates import today
from core.models import AuditLog
from projects import services
from projects.models import (
    Affectation, BudgetSummary, ContratMaintenance, Phase, Project, Statut, validate_upload_size,
)
from projects.tests.factories import AffectationFactory, ContratFactory, ProjectFactory, TacheFactory


def test_new_project_has_the_six_phases_in_order(db):
    project = ProjectFactory()
    assert list(project.phases.values_list("type", flat=True)) == [
        "PLANIFICATION", "CONCEPTION", "DEVELOPPEMENT", "TESTS", "DEPLOIEMENT", "MAINTENANCE"]


def test_only_the_responsable_starts_the_project(project_with_team):
    project, responsable, members = project_with_team
    with pytest.raises(PermissionDenied):
        services.start_project(project, members[0])
    started = services.start_project(project, responsable)
    assert started.statut == Statut.EN_COURS
    assert started.date_debut == today()
    assert started.date_fin == today() + timedelta(days=90)
    assert started.phases.get(statut=Phase.Statut.EN_COURS).type == "PLANIFICATION"
    entry = AuditLog.objects.get(action=AuditLog.Action.PROJET_DEMARRE)
    assert entry.user == responsable and entry.is_intact()
    notified = set(Alert.objects.filter(type=Alert.Type.PROJET_DEMARRE).values_list("recipient_id", flat=True))
    assert notified == {project.createur_id, responsable.id, *(m.id for m in members)}


@pytest.mark.parametrize("statut", [Statut.EN_COURS, Statut.SUSPENDU, Statut.TERMINE])
def test_start_refused_from_other_statuses(project_with_team, statut):
    project, responsable, _ = project_with_team
    Project.objects.filter(pk=project.pk).update(statut=statut)
    with pytest.raises(ValidationError):
        services.start_project(project, responsable)


def test_start_requires_a_duration(project_with_team):
    project, responsable, _ = project_with_team
    Project.objects.filter(pk=project.pk).update(duree_jours=None)
    with pytest.raises(ValidationError):
        services.start_project(project, responsable)


def test_closing_a_phase(project_with_team):
    project, responsable, members = project_with_team
    services.start_project(project, responsable)
    phase = project.phases.get(type="PLANIFICATION")
    task = TacheFactory(phase=phase, responsable=members[0])
    with pytest.raises(ValidationError):
        services.close_phase(phase, responsable)
    task.statut = "TERMINEE"
    task.save()
    nxt = services.close_phase(phase, responsable)
    assert nxt.type == "CONCEPTION"
    assert list(project.phases.values_list("statut", flat=True)[:2]) == ["TERMINEE", "EN_COURS"]
    assert Alert.objects.filter(type=Alert.Type.PHASE_TERMINEE).count() == 4


def test_closing_the_last_phase_ends_the_project(project_with_team):
    project, responsable, _ = project_with_team
    services.start_project(project, responsable)
    for phase in project.phases.order_by("ordre"):
        services.close_phase(phase, responsable)
    project.refresh_from_db()
    assert project.statut == Statut.TERMINE
    assert AuditLog.objects.filter(action=AuditLog.Action.PROJET_TERMINE).count() == 1


def test_database_allows_one_running_phase_only(db):
    project = ProjectFactory()
    project.phases.filter(ordre=1).update(statut="EN_COURS")
    with pytest.raises(IntegrityError), transaction.atomic():
        project.phases.filter(ordre=2).update(statut="EN_COURS")
    other = ProjectFactory()
    other.phases.filter(ordre=1).update(statut="EN_COURS")  # another project may run its own


def test_database_allows_one_active_responsable(project_with_team):
    project, _, _ = project_with_team
    with pytest.raises(IntegrityError), transaction.atomic():
        AffectationFactory(project=project, est_responsable=True)
    AffectationFactory(project=project, est_responsable=True, date_fin=today())  # a former one is fine
    assert Affectation.objects.filter(project=project, est_responsable=True).count() == 2


@pytest.mark.parametrize("spent,status", [
    ("0", "OK"), ("7499", "OK"), ("7500", "ATTENTION"), ("9000", "CRITIQUE"), ("10000", "CRITIQUE"),
    ("10000.01", "DEPASSE"),
])
def test_budget_summary_status(spent, status):
    summary = BudgetSummary(Decimal("10000"), Decimal(spent))
    assert summary.status == status
    assert summary.available == Decimal("10000") - Decimal(spent)


def test_budget_must_be_positive(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFactory(budget_previsionnel=Decimal("0"))


def test_contracts_of_the_same_type_may_not_overlap(db):
    project = ProjectFactory()
    start = today()
    ContratFactory(project=project, date_debut=start, date_fin=start + timedelta(days=100))
    with pytest.raises(ValidationError):
        ContratFactory(project=project, date_debut=start + timedelta(days=50), date_fin=start + timedelta(days=200))
    ContratFactory(project=project, type="EVOLUTIVE", date_debut=start, date_fin=start + timedelta(days=100))
    ContratFactory(project=project, date_debut=start + timedelta(days=101), date_fin=start + timedelta(days=200))
    assert ContratMaintenance.objects.filter(project=project).count() == 3


def test_upload_limit_is_50_mb():
    class F:
        size = 50 * 1024 * 1024
    validate_upload_size(F())
    F.size += 1
    with pytest.raises(ValidationError):
        validate_upload_size(F())
