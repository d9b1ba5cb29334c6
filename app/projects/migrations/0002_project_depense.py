import django.db.models.expressions
from decimal import Decimal

from django.db import migrations, models


class Migration(migrations.Migration):
    """Project.depense (sum of the budget lines, kept by the application) and the budget
    used in %, generated and indexed. Added with a database default: the running
    release, which does not know the columns, still inserts projects."""

    dependencies = [
        ("projects", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="project",
            name="depense",
            field=models.DecimalField(db_default=Decimal("0"), decimal_places=2, default=Decimal("0"), editable=False,
                                      max_digits=14, verbose_name="dépensé"),
        ),
        migrations.AddField(
            model_name="project",
            name="taux_depense",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.expressions.CombinedExpression(
                    django.db.models.expressions.CombinedExpression(models.F("depense"), "*", models.Value(100)),
                    "/", models.F("budget_previsionnel"),
                ),
                output_field=models.FloatField(null=True),
            ),
        ),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(fields=["taux_depense"], name="project_taux_depense"),
        ),
    ]
