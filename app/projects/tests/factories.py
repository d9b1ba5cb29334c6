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
