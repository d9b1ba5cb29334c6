from datetime import timedelta
from decimal import Decimal

import factory

from accounts.tests.factories import UserFactory
from core.dates import today
from projects.models import Affectation, ContratMaintenance, LigneBudget, Phase, Project, Statut, Tache


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    nom = factory.Sequence(lambda n: f"Projet {n}")
    client = "Client SA"
    budget_previsionnel = Decimal("10000.00")
    createur = factory.SubFactory(UserFactory, role="CHEF_PROJET")
    duree_jours = 90
    statut = Statut.PLANIFIE


class AffectationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affectation

    user = factory.SubFactory(UserFactory)
    project = factory.SubFactory(ProjectFactory)
    role_projet = "Développeur"


class TacheFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tache

    nom = factory.Sequence(lambda n: f"Tâche {n}")
    date_echeance = factory.LazyFunction(lambda: today() + timedelta(days=5))


class LigneBudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LigneBudget

    type = LigneBudget.Type.SERVICE
    montant = Decimal("1000.00")
    libelle = "Prestation"
    date = factory.LazyFunction(today)
    auteur = factory.SubFactory(UserFactory)


class ContratFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContratMaintenance

    type = ContratMaintenance.Type.CORRECTIVE
    date_debut = factory.LazyFunction(lambda: today() - timedelta(days=300))
    date_fin = factory.LazyFunction(lambda: today() + timedelta(days=65))
    sla_heures = 8


def make_team(project, size=2):
    responsable = AffectationFactory(project=project, est_responsable=True, role_projet="Chef de projet").user
    members = [AffectationFactory(project=project).user for _ in range(size)]
    return responsable, members


def running(project, phase_type=Phase.Type.PLANIFICATION, **fields):
    """Put the project EN_COURS with the given phase running."""
    project.statut = Statut.EN_COURS
    project.save()
    phase = project.phases.get(type=phase_type)
    phase.statut = Phase.Statut.EN_COURS
    for k, v in fields.items():
        setattr(phase, k, v)
    phase.save()
    return phase


def make_risky_project(**fields):
    """A running project with every risk the pages show: late (ended 3 days ago), over budget
    (109.6 %), its running phase past due, an overdue task, a blocked one, a done one and
    one to do; a phase to come; an expired contract and one expiring in 10 days."""
    day = today()
    project = ProjectFactory(
        nom=fields.pop("nom", "Migration ERP Finance"), budget_previsionnel=Decimal("120000"),
        statut=Statut.EN_COURS, date_debut=day - timedelta(days=100), date_fin=day - timedelta(days=3), **fields,
    )
    responsable, members = make_team(project, size=2)
    phase = running(project, Phase.Type.CONCEPTION, date_fin_prevue=day - timedelta(days=2))
    project.phases.filter(ordre__lt=phase.ordre).update(statut=Phase.Statut.TERMINEE)
    tasks = {
        "overdue": TacheFactory(phase=phase, nom="Recetter les écritures", responsable=members[0],
                                date_echeance=day - timedelta(days=4), statut=Tache.Statut.EN_COURS, avancement=60),
        "blocked": TacheFactory(phase=phase, nom="Rapprochement bancaire", responsable=members[1],
                                date_echeance=day + timedelta(days=4), statut=Tache.Statut.BLOQUEE),
        "done": TacheFactory(phase=phase, nom="Reprise des balances", date_echeance=day - timedelta(days=9),
                             statut=Tache.Statut.TERMINEE, avancement=100),
        "todo": TacheFactory(phase=phase, nom="Tester la clôture", date_echeance=day + timedelta(days=6),
                             statut=Tache.Statut.A_FAIRE),
        "later": TacheFactory(phase=project.phases.get(type=Phase.Type.TESTS), nom="Plan de recette",
                              date_echeance=day + timedelta(days=30)),
    }
    LigneBudgetFactory(project=project, montant=Decimal("100000"), libelle="Licences", type="MATERIEL")
    LigneBudgetFactory(project=project, montant=Decimal("31500"), libelle="Intégrateur")
    contracts = {
        "expired": ContratFactory(project=project, type=ContratMaintenance.Type.EVOLUTIVE,
                                  date_debut=day - timedelta(days=400), date_fin=day - timedelta(days=5)),
        "expiring": ContratFactory(project=project, type=ContratMaintenance.Type.CORRECTIVE,
                                   date_debut=day - timedelta(days=300), date_fin=day + timedelta(days=10)),
    }
    project.refresh_from_db()
    return project, responsable, members, phase, tasks, contracts
