"""Data for the restore drill, made through the application's models.

Run in the web container: python3 manage.py shell < backup_fixture.py, with
FIXTURE_STEP=create (budget lines and uploaded files, on top of the demo data
and the alerts of the earlier scans) or FIXTURE_STEP=change (what a bad day
does after the backup: rows changed and deleted, a file deleted, another added).
Prints one line of counts.
"""
import datetime
import os
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from alerts.models import Alert
from projects.models import FichierProjet, LigneBudget, Project

step = os.environ["FIXTURE_STEP"]
author = get_user_model().objects.filter(is_superuser=True).order_by("id").first()
project = Project.objects.order_by("id").first()

if step == "create":
    for i in range(3):
        LigneBudget.objects.create(project=project, type="SERVICE", montant=Decimal("1250.50") + i,
                                   libelle=f"restore drill {i}", date=datetime.date.today(), auteur=author)
        FichierProjet.objects.create(project=project, auteur=author,
                                     fichier=ContentFile(os.urandom(40000 + i), name=f"drill-{i}.bin"))
elif step == "change":
    LigneBudget.objects.filter(libelle__startswith="restore drill").update(montant=Decimal("1.00"))
    for line in LigneBudget.objects.exclude(libelle__startswith="restore drill").order_by("id")[:2]:
        line.delete()
    doomed = FichierProjet.objects.order_by("id").first()
    doomed.fichier.delete(save=False)
    doomed.delete()
    FichierProjet.objects.create(project=project, auteur=author,
                                 fichier=ContentFile(b"written after the backup", name="after-backup.bin"))
    Alert.objects.all().delete()
else:
    raise SystemExit(f"unknown FIXTURE_STEP {step}")

print(f"fixture {step}: projects={Project.objects.count()} budget_lines={LigneBudget.objects.count()} "
      f"files={FichierProjet.objects.count()} alerts={Alert.objects.count()}")
