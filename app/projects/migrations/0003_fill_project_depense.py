from django.db import migrations


def fill_depense(apps, schema_editor):
    """The sum of each project's lines, in one UPDATE."""
    from decimal import Decimal

    from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
    from django.db.models.functions import Coalesce

    Project = apps.get_model("projects", "Project")
    LigneBudget = apps.get_model("projects", "LigneBudget")
    spent = (
        LigneBudget.objects.filter(project=OuterRef("pk")).order_by().values("project")
        .annotate(total=Sum("montant")).values("total")
    )
    Project.objects.update(depense=Coalesce(Subquery(spent), Value(Decimal("0")), output_field=DecimalField()))


class Migration(migrations.Migration):

    dependencies = [
        ("projects", "0002_project_depense"),
    ]

    operations = [
        migrations.RunPython(fill_depense, migrations.RunPython.noop),
    ]
