from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum

from alerts.models import Alert
from core.dates import today
from projects.models import ContratMaintenance, LigneBudget, Phase, Project, Statut, Tache

SCHEDULED = {t for t in Alert.Type.values if t not in ("PROJET_DEMARRE", "PHASE_TERMINEE")}


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue().strip().splitlines()


@pytest.mark.django_db
def test_seed_demo_shows_every_alert_at_once_and_is_idempotent(superuser):
    lines = seed()
    assert lines[-1] == "created"
    assert " 0 project(s) created" not in "\n".join(lines)
    # The scans ran in the command: no scheduled scan needed.
    assert set(Alert.objects.values_list("type", flat=True)) == SCHEDULED
    contract_alerts = Alert.objects.filter(type__in=["CONTRAT_EXPIRATION", "CONTRAT_EXPIRE"])
    assert contract_alerts.filter(recipient=superuser).count() == 2, "the superuser hears of the contracts"
    alerts = Alert.objects.count()
    assert lines[-2] == f"seed_demo: {alerts} alert(s) created by the scans"
    lines = seed()
    assert lines[-1] == "unchanged"
    assert " 0 project(s) created" in "\n".join(lines)
    assert lines[-2] == "seed_demo: 0 alert(s) created by the scans"
    assert Alert.objects.count() == alerts


@pytest.mark.django_db
def test_seed_demo_is_varied_and_realistic():
    seed()
    day = today()
    projects = list(Project.objects.all())
    assert len(projects) >= 8 and {p.statut for p in projects} >= {Statut.EN_COURS, Statut.TERMINE, Statut.PLANIFIE}
    # Several different budget lines per project, and the sum kept on the project.
    for p in projects:
        lines = LigneBudget.objects.filter(project=p)
        assert lines.count() >= 2 and lines.values("libelle").distinct().count() == lines.count()
        assert p.depense == lines.aggregate(s=Sum("montant"))["s"]
    assert LigneBudget.objects.values("libelle").distinct().count() >= 25
    # Different tasks per project and per phase.
    names = {p.nom: set(Tache.objects.filter(phase__project=p).values_list("nom", flat=True)) for p in projects}
    assert len({frozenset(v) for v in names.values()}) == len(projects)
    for p in projects:
        per_phase = [set(ph.taches.values_list("nom", flat=True)) for ph in p.phases.all()]
        assert all(per_phase) and len({frozenset(s) for s in per_phase}) == 6
    # Done tasks in finished phases, to-do tasks in later ones, a mix in the running one.
    assert not Tache.objects.filter(phase__statut=Phase.Statut.TERMINEE).exclude(statut="TERMINEE").exists()
    assert not Tache.objects.filter(phase__statut=Phase.Statut.A_VENIR).exclude(statut="A_FAIRE").exists()
    running = Tache.objects.filter(phase__statut=Phase.Statut.EN_COURS)
    assert set(running.values_list("statut", flat=True)) == {"A_FAIRE", "EN_COURS", "TERMINEE", "BLOQUEE"}
    assert running.exclude(statut="TERMINEE").filter(date_echeance__lt=day).exists()
    for phase in Phase.objects.filter(statut=Phase.Statut.EN_COURS, project__statut=Statut.EN_COURS):
        assert phase.taches.values("statut").distinct().count() >= 3, phase
    # Later phases are planned after the running one: no overdue task where nothing started.
    assert not Tache.objects.filter(phase__statut=Phase.Statut.A_VENIR, date_echeance__lt=day).exists()
    assert ContratMaintenance.objects.values("project").annotate(n=Count("id")).count() >= 3
