"""A realistic French demo in which every alert case occurs. Idempotent (keyed on names).

Demo accounts get a password only from DJANGO_DEMO_PASSWORD(_FILE); otherwise
they cannot log in (no default password anywhere).
"""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import Membre
from config.env import secret
from core.dates import today
from projects.models import Affectation, ContratMaintenance, LigneBudget, Phase, Project, Statut, Tache

PEOPLE = [
    ("sophie.martin", "Sophie", "Martin", "CHEF_PROJET", "Cheffe de projet", "PMO"),
    ("thomas.bernard", "Thomas", "Bernard", "DEVELOPPEUR", "Développeur back-end", "Études"),
    ("camille.dubois", "Camille", "Dubois", "DEVELOPPEUR", "Développeuse front-end", "Études"),
    ("lea.moreau", "Léa", "Moreau", "DEVELOPPEUR", "Testeuse", "Qualité"),
    ("julien.petit", "Julien", "Petit", "DIRECTION", "Directeur des systèmes d'information", "Direction"),
]

# name, client, budget, statut, days to end (None: not started), running phase, phase late?, spent
PROJECTS = [
    ("Refonte du portail client", "Mutuelle Atlantique", "85000", Statut.EN_COURS, 6, "DEVELOPPEMENT", False, "41000"),
    ("Migration ERP Finance", "Groupe Vercors", "120000", Statut.EN_COURS, 2, "TESTS", False, "131500"),
    ("Application mobile terrain", "Transports Lumière", "60000", Statut.EN_COURS, 1, "CONCEPTION", True, "52000"),
    ("Dématérialisation des factures", "Ville de Saint-Malo", "45000", Statut.EN_COURS, -5, "DEPLOIEMENT", True, "30000"),
    ("Intranet RH", "Coopérative Agricole du Lot", "38000", Statut.TERMINE, -60, None, False, "36500"),
    ("Plateforme de données", "Banque Régionale de l'Est", "150000", Statut.PLANIFIE, None, None, False, "0"),
]


class Command(BaseCommand):
    help = "Fill a French demo covering every alert case (idempotent)."

    def handle(self, *args, **options):
        day = today()
        password = secret("DJANGO_DEMO_PASSWORD")
        with transaction.atomic():
            users = self.people(password)
            created = [row[0] for row in PROJECTS if self.project(row, users, day)]
        self.stdout.write(f"seed_demo: {len(created)} project(s) created, {len(PROJECTS) - len(created)} already there")
        self.stdout.write("created" if created else "unchanged")

    def people(self, password):
        User = get_user_model()
        users = {}
        for username, first, last, role, poste, dept in PEOPLE:
            user, new = User.objects.get_or_create(
                username=username,
                defaults={"first_name": first, "last_name": last, "role": role,
                          "email": f"{username}@si-gouvernance.example"},
            )
            if new:
                if password:
                    user.set_password(password)
                else:
                    user.set_unusable_password()
                user.save()
                Membre.objects.create(user=user, nom=last, prenom=first, email=user.email, poste=poste,
                                      departement=dept)
            users[username] = user
        return users

    def project(self, row, users, day):
        name, client, budget, statut, days_to_end, running, late, spent = row
        if Project.objects.filter(nom=name).exists():
            return False
        chef, dev1, dev2, qa, dsi = (users[p[0]] for p in PEOPLE)
        duration = 180
        start = day + timedelta(days=days_to_end - duration) if days_to_end is not None else None
        project = Project.objects.create(
            nom=name, client=client, budget_previsionnel=Decimal(budget), statut=statut, createur=dsi,
            description=f"Projet {client} : {name.lower()}.", duree_jours=duration,
            priorite="HAUTE" if days_to_end is not None and days_to_end < 3 else "MOYENNE",
            date_debut=start, date_fin=day + timedelta(days=days_to_end) if days_to_end is not None else None,
        )
        Affectation.objects.create(project=project, user=chef, role_projet="Cheffe de projet", est_responsable=True)
        for user, role in ((dev1, "Développeur"), (dev2, "Développeuse"), (qa, "Recette")):
            Affectation.objects.create(project=project, user=user, role_projet=role)
        self.phases(project, running, late, day, statut, start, [dev1, dev2, qa])
        if Decimal(spent):
            half = (Decimal(spent) / 2).quantize(Decimal("0.01"))
            LigneBudget.objects.create(project=project, type="MATERIEL", montant=half, libelle="Serveurs et licences",
                                       date=day - timedelta(days=30), auteur=chef)
            LigneBudget.objects.create(project=project, type="SERVICE", montant=Decimal(spent) - half,
                                       libelle="Prestations de développement", date=day - timedelta(days=10), auteur=chef)
        if name == "Intranet RH":
            ContratMaintenance.objects.create(project=project, type="CORRECTIVE", date_debut=day - timedelta(days=345),
                                              date_fin=day + timedelta(days=20), sla_heures=8,
                                              couverture="Correctifs, heures ouvrées")
            ContratMaintenance.objects.create(project=project, type="EVOLUTIVE", date_debut=day - timedelta(days=368),
                                              date_fin=day - timedelta(days=3), sla_heures=72,
                                              couverture="Évolutions mineures")
        elif statut == Statut.EN_COURS:
            ContratMaintenance.objects.create(project=project, type="CORRECTIVE", date_debut=day + timedelta(days=30),
                                              date_fin=day + timedelta(days=395), sla_heures=4,
                                              couverture="Support 24/7")
        return True

    def phases(self, project, running, late, day, statut, start, team):
        order = Phase.ORDER
        current = order.index(running) if running else (len(order) if statut == Statut.TERMINE else -1)
        phases = list(project.phases.order_by("ordre"))
        span = 30
        for i, phase in enumerate(phases):
            base = start or day
            phase.date_debut_prevue = base + timedelta(days=i * span)
            phase.date_fin_prevue = base + timedelta(days=(i + 1) * span - 1)
            if i < current:
                phase.statut = Phase.Statut.TERMINEE
                phase.date_debut_reelle, phase.date_fin_reelle = phase.date_debut_prevue, phase.date_fin_prevue
            elif i == current:
                phase.statut = Phase.Statut.EN_COURS
                phase.date_debut_reelle = phase.date_debut_prevue
                phase.date_fin_prevue = day - timedelta(days=4) if late else day + timedelta(days=10)
        # Finished phases first, then the running one: at most one EN_COURS at any time.
        for phase in sorted(phases, key=lambda p: p.statut == Phase.Statut.EN_COURS):
            phase.save()
        if 0 <= current < len(phases):
            phase = phases[current]
            Tache.objects.create(phase=phase, nom="Rédiger les spécifications détaillées", responsable=team[0],
                                 date_echeance=day - timedelta(days=3), statut="EN_COURS", avancement=60,
                                 priorite="HAUTE")
            Tache.objects.create(phase=phase, nom="Valider la maquette avec le client", responsable=team[1],
                                 date_echeance=day - timedelta(days=1), statut="BLOQUEE", avancement=20)
            Tache.objects.create(phase=phase, nom="Préparer le plan de recette", responsable=team[2],
                                 date_echeance=day + timedelta(days=7), statut="A_FAIRE")
            Tache.objects.create(phase=phase, nom="Atelier de lancement", responsable=team[0],
                                 date_echeance=day - timedelta(days=10), statut="TERMINEE", avancement=100)
