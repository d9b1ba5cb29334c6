"""Project.depense, the sum of the budget lines, is kept by the application."""

from decimal import Decimal

from django.db.models import Sum

from alerts.dataset import build_dataset
from core.dates import today
from projects.models import LigneBudget, Project, refresh_depense
from projects.tests.factories import LigneBudgetFactory, ProjectFactory


def spent(project):
    project.refresh_from_db()
    return project.depense, project.taux_depense


def test_lines_added_changed_moved_and_deleted(db):
    a, b = ProjectFactory(), ProjectFactory()
    assert spent(a) == (Decimal("0"), 0)
    line = LigneBudgetFactory(project=a, montant=Decimal("2500.50"))
    other = LigneBudgetFactory(project=a, montant=Decimal("500"))
    assert spent(a) == (Decimal("3000.50"), 30.005)
    line.montant = Decimal("10500")
    line.save()
    assert spent(a)[0] == Decimal("11000")
    assert spent(a)[1] == 110.0, "the percentage follows, computed by the database"
    line.project = b
    line.save()
    assert spent(a)[0] == Decimal("500") and spent(b)[0] == Decimal("10500")
    other.delete()
    assert spent(a)[0] == Decimal("0")
    LigneBudget.objects.filter(project=b).delete()  # as the admin's bulk delete does
    assert spent(b)[0] == Decimal("0")


def test_deleting_a_project_with_lines(db):
    project = ProjectFactory()
    LigneBudgetFactory(project=project)
    project.delete()
    assert not LigneBudget.objects.exists()


def test_bulk_inserts_refreshed_by_the_data_set(db):
    build_dataset(8, today(), prefix="sum", n_users=5)
    sums = dict(LigneBudget.objects.values("project").annotate(s=Sum("montant")).values_list("project", "s"))
    assert sums and all(p.depense == sums[p.pk] for p in Project.objects.all())
    Project.objects.update(depense=0)
    assert refresh_depense(list(sums)) == len(sums)
    assert all(p.depense == sums[p.pk] for p in Project.objects.all())

