"""A synthetic portfolio in which every alert case occurs, for the benchmark and the query-count test.

Rows are created with bulk inserts; project i gets:
  - status EN_COURS, end date today-2 .. today+9 (late, J-1, J-3, J-7, none);
  - a team of three (responsable principal + two members);
  - PLANIFICATION running, planned end in the past for 2 projects out of 3;
  - two tasks in that phase: one overdue, one done;
  - two budget lines, over budget for 1 project out of 4;
  - one maintenance contract: expiring, expired or running, in turn.
"""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from projects.models import (
    Affectation, ContratMaintenance, LigneBudget, Phase, Project, Statut, Tache, refresh_depense,
)

BATCH = 2000


def build_dataset(n_projects, today, prefix="bench", n_users=50):
    User = get_user_model()
    with transaction.atomic():
        User.objects.bulk_create([
            User(username=f"{prefix}-u{i}", email=f"{prefix}-u{i}@example.test", role="DEVELOPPEUR")
            for i in range(n_users)
        ], batch_size=BATCH)
        user_ids = list(User.objects.filter(username__startswith=f"{prefix}-u").values_list("id", flat=True))
        Project.objects.bulk_create([
            Project(
                nom=f"{prefix} projet {i:06d}", client=f"Client {i % 97}", budget_previsionnel=Decimal("10000"),
                statut=Statut.EN_COURS, createur_id=user_ids[i % n_users], duree_jours=60,
                date_debut=today - timedelta(days=50), date_fin=today + timedelta(days=(i % 12) - 2),
            )
            for i in range(n_projects)
        ], batch_size=BATCH)
        projects = list(
            Project.objects.filter(nom__startswith=f"{prefix} projet ").order_by("nom").values_list("id", flat=True)
        )
        phases, affectations, lines, contracts = [], [], [], []
        for i, pid in enumerate(projects):
            for order, ptype in enumerate(Phase.ORDER, start=1):
                running = order == 1
                phases.append(Phase(
                    project_id=pid, type=ptype, ordre=order,
                    statut=Phase.Statut.EN_COURS if running else Phase.Statut.A_VENIR,
                    date_fin_prevue=today - timedelta(days=i % 3) if running else today + timedelta(days=30 * order),
                ))
            for k in range(3):
                affectations.append(Affectation(
                    project_id=pid, user_id=user_ids[(i + k + 1) % n_users], est_responsable=(k == 0),
                    role_projet="Chef de projet" if k == 0 else "Développeur",
                ))
            spent = Decimal("6000") if i % 4 == 0 else Decimal("3000")
            for k in range(2):
                lines.append(LigneBudget(
                    project_id=pid, type=LigneBudget.Type.SERVICE if k else LigneBudget.Type.MATERIEL,
                    montant=spent, libelle=f"Ligne {k}", date=today, auteur_id=user_ids[i % n_users],
                ))
            end = {0: today + timedelta(days=10), 1: today - timedelta(days=1), 2: today + timedelta(days=200)}[i % 3]
            contracts.append(ContratMaintenance(
                project_id=pid, type=ContratMaintenance.Type.CORRECTIVE, date_debut=end - timedelta(days=365),
                date_fin=end, sla_heures=8,
            ))
        Phase.objects.bulk_create(phases, batch_size=BATCH)
        Affectation.objects.bulk_create(affectations, batch_size=BATCH)
        LigneBudget.objects.bulk_create(lines, batch_size=BATCH)
        refresh_depense(projects)  # bulk inserts bypass LigneBudget.save, which keeps Project.depense
        ContratMaintenance.objects.bulk_create(contracts, batch_size=BATCH)
        running_phases = Phase.objects.filter(project_id__in=projects, ordre=1).values_list("id", "project_id")
        owner_of = {pid: user_ids[(i + 2) % n_users] for i, pid in enumerate(projects)}
        tasks = []
        for phid, pid in running_phases:
            tasks.append(Tache(phase_id=phid, nom="Tâche en retard", responsable_id=owner_of[pid],
                               date_echeance=today - timedelta(days=2), statut=Tache.Statut.EN_COURS))
            tasks.append(Tache(phase_id=phid, nom="Tâche terminée", responsable_id=owner_of[pid],
                               date_echeance=today - timedelta(days=2), statut=Tache.Statut.TERMINEE))
        Tache.objects.bulk_create(tasks, batch_size=BATCH)
    return len(projects)
