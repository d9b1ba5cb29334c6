"""A realistic French demo in which every alert case occurs. Idempotent (keyed on names).

After the data, the five alert scans run once, in this process: a fresh demo shows its
alerts at once instead of at the next scheduled scan (up to 4 hours later). They run
again on every call, which the alerts' unique constraint makes harmless.

Demo accounts get a password only from DJANGO_DEMO_PASSWORD(_FILE); otherwise
they cannot log in (no default password anywhere).

Output: "seed_demo: N project(s) created, M already there", "seed_demo: K alert(s)
created by the scans", then "created" or "unchanged" (the projects) on the last line.
"""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import Membre
from alerts.scans import SCANS
from config.env import secret
from core.dates import today
from projects.models import Affectation, ContratMaintenance, LigneBudget, Phase, Project, Statut, Tache

PEOPLE = [
    ("sophie.martin", "Sophie", "Martin", "CHEF_PROJET", "Cheffe de projet", "PMO"),
    ("nicolas.garnier", "Nicolas", "Garnier", "CHEF_PROJET", "Chef de projet", "PMO"),
    ("thomas.bernard", "Thomas", "Bernard", "DEVELOPPEUR", "Développeur back-end", "Études"),
    ("camille.dubois", "Camille", "Dubois", "DEVELOPPEUR", "Développeuse front-end", "Études"),
    ("lea.moreau", "Léa", "Moreau", "DEVELOPPEUR", "Testeuse", "Qualité"),
    ("hugo.lambert", "Hugo", "Lambert", "DEVELOPPEUR", "Administrateur systèmes", "Infrastructure"),
    ("ines.roux", "Inès", "Roux", "DEVELOPPEUR", "Analyste fonctionnelle", "Études"),
    ("julien.petit", "Julien", "Petit", "DIRECTION", "Directeur des systèmes d'information", "Direction"),
]

# Tasks of the phases that are finished (done) or still to come (to do), by phase type;
# each project takes its own selection. The running phase's tasks are the project's own.
PHASE_TASKS = {
    "PLANIFICATION": ["Recueillir les besoins des services", "Rédiger la note de cadrage",
                      "Estimer les charges et le planning", "Constituer l'équipe projet",
                      "Valider le budget avec la direction", "Organiser la réunion de lancement"],
    "CONCEPTION": ["Rédiger les spécifications fonctionnelles", "Concevoir l'architecture technique",
                   "Réaliser les maquettes des écrans", "Définir le modèle de données",
                   "Valider les maquettes avec les utilisateurs", "Rédiger le dossier de sécurité"],
    "DEVELOPPEMENT": ["Mettre en place l'intégration continue", "Développer l'authentification",
                      "Développer les écrans de saisie", "Développer les interfaces avec le SI existant",
                      "Reprendre les données historiques", "Écrire les tests automatisés"],
    "TESTS": ["Rédiger le plan de recette", "Exécuter la recette fonctionnelle", "Conduire les tests de charge",
              "Corriger les anomalies bloquantes", "Faire valider la recette par le client",
              "Réaliser l'audit de sécurité"],
    "DEPLOIEMENT": ["Préparer l'environnement de production", "Former les utilisateurs",
                    "Migrer les données en production", "Rédiger le dossier d'exploitation",
                    "Mettre en production", "Assurer l'accompagnement au démarrage"],
    "MAINTENANCE": ["Mettre en place le support utilisateurs", "Suivre les incidents du premier mois",
                    "Planifier les évolutions", "Mettre à jour la documentation"],
}

# Team roles: the responsable principal is "chef"; tasks name their owner by role.
# Running tasks: (name, owner, days to due date, status, progress %, priority).
# Budget lines: (label, type, amount, days ago). Contracts: (type, start, end, SLA hours, coverage), days from today.
PROJECTS = [
    {
        "nom": "Refonte du portail client", "client": "Mutuelle Atlantique", "budget": "85000",
        "statut": Statut.EN_COURS, "fin": 6, "duree": 240, "priorite": "HAUTE", "running": "DEVELOPPEMENT",
        "phase_late": False, "chef": "sophie.martin",
        "team": {"back": "thomas.bernard", "front": "camille.dubois", "qa": "lea.moreau"},
        "tasks": [
            ("Développer l'espace adhérent", "front", 5, "EN_COURS", 70, "HAUTE"),
            ("Intégrer le paiement en ligne", "back", -2, "EN_COURS", 40, "HAUTE"),
            ("Brancher le service de signature électronique", "back", 3, "BLOQUEE", 10, "MOYENNE"),
            ("Connecter l'annuaire des adhérents", "back", -8, "TERMINEE", 100, "MOYENNE"),
            ("Mettre les pages publiques aux normes RGAA", "front", 12, "A_FAIRE", 0, "MOYENNE"),
        ],
        "budget_lines": [
            ("Licences du CMS", "MATERIEL", "6500", 150), ("Postes de développement", "MATERIEL", "8000", 120),
            ("Hébergement recette et production", "SERVICE", "4800", 60),
            ("Prestation de développement — lot 1", "SERVICE", "18200", 30),
            ("Audit d'accessibilité", "SERVICE", "3500", 12),
        ],
        "contracts": [("CORRECTIVE", 30, 395, 4, "Support 24/7 du portail")],
    },
    {
        "nom": "Migration ERP Finance", "client": "Groupe Vercors", "budget": "120000",
        "statut": Statut.EN_COURS, "fin": 2, "duree": 300, "priorite": "CRITIQUE", "running": "TESTS",
        "phase_late": False, "chef": "nicolas.garnier",
        "team": {"back": "thomas.bernard", "qa": "lea.moreau", "analyst": "ines.roux"},
        "tasks": [
            ("Recetter les écritures comptables", "qa", -3, "EN_COURS", 60, "HAUTE"),
            ("Automatiser le rapprochement bancaire", "back", -1, "BLOQUEE", 30, "HAUTE"),
            ("Tester la clôture mensuelle", "analyst", 1, "A_FAIRE", 0, "CRITIQUE"),
            ("Reprendre les balances d'ouverture", "back", -10, "TERMINEE", 100, "HAUTE"),
        ],
        "budget_lines": [
            ("Licences ERP (5 ans)", "MATERIEL", "48000", 280), ("Serveurs de base de données", "MATERIEL", "12000", 200),
            ("Intégrateur — paramétrage", "SERVICE", "52000", 90), ("Reprise des données", "SERVICE", "14500", 40),
            ("Formation des utilisateurs clés", "SERVICE", "5000", 8),
        ],
        "contracts": [("CORRECTIVE", 10, 375, 8, "Correctifs, heures ouvrées"),
                      ("EVOLUTIVE", 10, 375, 72, "Évolutions réglementaires")],
    },
    {
        "nom": "Application mobile terrain", "client": "Transports Lumière", "budget": "60000",
        "statut": Statut.EN_COURS, "fin": 1, "duree": 150, "priorite": "HAUTE", "running": "CONCEPTION",
        "phase_late": True, "chef": "sophie.martin",
        "team": {"mobile": "camille.dubois", "back": "thomas.bernard", "analyst": "ines.roux"},
        "tasks": [
            ("Maquetter la saisie hors connexion", "mobile", -6, "EN_COURS", 80, "HAUTE"),
            ("Valider le parcours avec les agents de terrain", "analyst", -2, "BLOQUEE", 20, "HAUTE"),
            ("Spécifier la synchronisation des données", "back", 2, "EN_COURS", 30, "MOYENNE"),
            ("Choisir le framework mobile", "mobile", -12, "TERMINEE", 100, "MOYENNE"),
        ],
        "budget_lines": [
            ("Tablettes durcies (40)", "MATERIEL", "28000", 70), ("Licences de gestion de flotte", "MATERIEL", "4000", 50),
            ("Studio de conception UX", "SERVICE", "14000", 35), ("Prototype de l'application", "SERVICE", "6000", 5),
        ],
        "contracts": [],
    },
    {
        "nom": "Dématérialisation des factures", "client": "Ville de Saint-Malo", "budget": "45000",
        "statut": Statut.EN_COURS, "fin": -5, "duree": 200, "priorite": "MOYENNE", "running": "DEPLOIEMENT",
        "phase_late": True, "chef": "nicolas.garnier",
        "team": {"back": "thomas.bernard", "ops": "hugo.lambert", "analyst": "ines.roux"},
        "tasks": [
            ("Paramétrer le connecteur Chorus Pro", "back", -7, "EN_COURS", 85, "CRITIQUE"),
            ("Former les agents comptables", "analyst", -4, "EN_COURS", 50, "MOYENNE"),
            ("Basculer en production", "ops", -1, "A_FAIRE", 0, "CRITIQUE"),
            ("Installer les scanners de production", "ops", -20, "TERMINEE", 100, "MOYENNE"),
        ],
        "budget_lines": [
            ("Scanners de production", "MATERIEL", "9000", 160), ("Logiciel de capture LAD/RAD", "MATERIEL", "11000", 140),
            ("Accompagnement au changement", "SERVICE", "6500", 45), ("Paramétrage du connecteur", "SERVICE", "3500", 15),
        ],
        "contracts": [("CORRECTIVE", 20, 385, 8, "Correctifs de la chaîne de numérisation")],
    },
    {
        "nom": "Intranet RH", "client": "Coopérative Agricole du Lot", "budget": "38000",
        "statut": Statut.TERMINE, "fin": -60, "duree": 180, "priorite": "MOYENNE", "running": None,
        "phase_late": False, "chef": "sophie.martin",
        "team": {"back": "thomas.bernard", "front": "camille.dubois", "qa": "lea.moreau"},
        "tasks": [],
        "budget_lines": [
            ("Licences de l'intranet", "MATERIEL", "9500", 230), ("Développement des modules RH", "SERVICE", "21000", 150),
            ("Reprise de l'annuaire", "SERVICE", "3000", 110), ("Formation des correspondants RH", "SERVICE", "3000", 70),
        ],
        "contracts": [("CORRECTIVE", -345, 20, 8, "Correctifs, heures ouvrées"),
                      ("EVOLUTIVE", -368, -3, 72, "Évolutions mineures")],
    },
    {
        "nom": "Plateforme de données", "client": "Banque Régionale de l'Est", "budget": "150000",
        "statut": Statut.PLANIFIE, "fin": None, "duree": 270, "priorite": "MOYENNE", "running": None,
        "phase_late": False, "chef": "nicolas.garnier",
        "team": {"back": "thomas.bernard", "ops": "hugo.lambert", "analyst": "ines.roux"},
        "tasks": [],
        "budget_lines": [
            ("Étude de cadrage", "SERVICE", "4500", 40), ("Maquette technique (cloud)", "SERVICE", "2500", 15),
        ],
        "contracts": [],
    },
    {
        "nom": "Supervision du réseau", "client": "Centre hospitalier de Quimper", "budget": "70000",
        "statut": Statut.EN_COURS, "fin": 75, "duree": 200, "priorite": "HAUTE", "running": "DEVELOPPEMENT",
        "phase_late": False, "chef": "nicolas.garnier",
        "team": {"ops": "hugo.lambert", "back": "thomas.bernard", "front": "camille.dubois"},
        "tasks": [
            ("Déployer les sondes sur les sites", "ops", 10, "EN_COURS", 45, "HAUTE"),
            ("Construire le tableau de bord temps réel", "front", 25, "EN_COURS", 20, "MOYENNE"),
            ("Configurer les seuils d'alerte", "back", 18, "A_FAIRE", 0, "MOYENNE"),
            ("Inventorier les équipements", "ops", -15, "TERMINEE", 100, "BASSE"),
        ],
        "budget_lines": [
            ("Sondes réseau (12 sites)", "MATERIEL", "31000", 90), ("Licences de supervision", "MATERIEL", "18000", 60),
            ("Intégration et paramétrage", "SERVICE", "12500", 20),
            ("Formation de l'équipe d'exploitation", "SERVICE", "3500", 4),
        ],
        "contracts": [],
    },
    {
        "nom": "Gestion électronique du courrier", "client": "Conseil départemental du Morbihan", "budget": "52000",
        "statut": Statut.SUSPENDU, "fin": 40, "duree": 220, "priorite": "BASSE", "running": "CONCEPTION",
        "phase_late": False, "chef": "sophie.martin",
        "team": {"analyst": "ines.roux", "back": "thomas.bernard", "qa": "lea.moreau"},
        "tasks": [
            ("Choisir l'éditeur de GED", "analyst", -20, "BLOQUEE", 50, "HAUTE"),
            ("Rédiger le cahier des charges", "chef", 15, "EN_COURS", 60, "MOYENNE"),
            ("Cartographier les flux de courrier", "analyst", -30, "TERMINEE", 100, "MOYENNE"),
        ],
        "budget_lines": [
            ("Étude des flux", "SERVICE", "8000", 120), ("Assistance à maîtrise d'ouvrage", "SERVICE", "9000", 60),
            ("Serveur de numérisation", "MATERIEL", "4000", 25),
        ],
        "contracts": [],
    },
]

ROLE_NAMES = {"back": "Développeur back-end", "front": "Développeuse front-end", "qa": "Recette",
              "analyst": "Analyste fonctionnelle", "ops": "Exploitation", "mobile": "Développeuse mobile"}


class Command(BaseCommand):
    help = "Fill a French demo covering every alert case (idempotent), then run the alert scans once."

    def handle(self, *args, **options):
        day = today()
        password = secret("DJANGO_DEMO_PASSWORD")
        with transaction.atomic():
            users = self.people(password)
            created = [spec["nom"] for i, spec in enumerate(PROJECTS) if self.project(i, spec, users, day)]
        alerts = sum(scan(day) for scan in SCANS.values())
        self.stdout.write(f"seed_demo: {len(created)} project(s) created, {len(PROJECTS) - len(created)} already there")
        self.stdout.write(f"seed_demo: {alerts} alert(s) created by the scans")
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

    def project(self, index, spec, users, day):
        if Project.objects.filter(nom=spec["nom"]).exists():
            return False
        days_to_end, duration = spec["fin"], spec["duree"]
        start = day + timedelta(days=days_to_end - duration) if days_to_end is not None else None
        project = Project.objects.create(
            nom=spec["nom"], client=spec["client"], budget_previsionnel=Decimal(spec["budget"]), statut=spec["statut"],
            createur=users["julien.petit"], description=f"Projet {spec['client']} : {spec['nom'].lower()}.",
            duree_jours=duration, priorite=spec["priorite"], date_debut=start,
            date_fin=day + timedelta(days=days_to_end) if days_to_end is not None else None,
        )
        chef = users[spec["chef"]]
        team = {"chef": chef}
        Affectation.objects.create(project=project, user=chef, role_projet="Chef de projet", est_responsable=True,
                                   date_debut=start)
        for role, username in spec["team"].items():
            team[role] = users[username]
            Affectation.objects.create(project=project, user=users[username], role_projet=ROLE_NAMES[role],
                                       date_debut=start)
        self.phases(index, project, spec, team, day, start)
        for label, kind, amount, days_ago in spec["budget_lines"]:
            LigneBudget.objects.create(project=project, type=kind, montant=Decimal(amount), libelle=label,
                                       date=day - timedelta(days=days_ago), auteur=chef)
        for kind, begin, end, sla, coverage in spec["contracts"]:
            if days_to_end is not None and begin > 0:
                # Maintenance starts once the project has ended.
                begin, end = max(begin, days_to_end + 1), max(end, days_to_end + 366)
            ContratMaintenance.objects.create(project=project, type=kind, date_debut=day + timedelta(days=begin),
                                              date_fin=day + timedelta(days=end), sla_heures=sla, couverture=coverage)
        return True

    def phases(self, index, project, spec, team, day, start):
        order = Phase.ORDER
        running, statut = spec["running"], spec["statut"]
        current = order.index(running) if running else (len(order) if statut == Statut.TERMINE else -1)
        phases = list(project.phases.order_by("ordre"))
        if current == -1:  # not started: the plan lies ahead
            bounds = self.spread(day + timedelta(days=20), day + timedelta(days=20 + spec["duree"]), len(phases))
        elif current == len(phases):  # finished: the plan was kept
            bounds = self.spread(start, project.date_fin, len(phases))
        else:
            # Done phases from the start until the running one began; the running one ends in
            # 10 days (or ended 4 days ago: late); the later ones are planned after it.
            run_start = day - timedelta(days=40 if spec["phase_late"] else 25)
            run_end = day - timedelta(days=4) if spec["phase_late"] else day + timedelta(days=10)
            later = len(phases) - current - 1
            end = max(project.date_fin, run_end + timedelta(days=15 * later))
            bounds = (self.spread(start, run_start - timedelta(days=1), current) + [(run_start, run_end)]
                      + self.spread(run_end + timedelta(days=1), end, later))
        for i, (phase, (begin, end)) in enumerate(zip(phases, bounds)):
            phase.date_debut_prevue, phase.date_fin_prevue = begin, end
            if i < current:
                phase.statut = Phase.Statut.TERMINEE
                phase.date_debut_reelle, phase.date_fin_reelle = begin, end
            elif i == current:
                phase.statut = Phase.Statut.EN_COURS
                phase.date_debut_reelle = begin
        # Finished phases first, then the running one: at most one EN_COURS at any time.
        for phase in sorted(phases, key=lambda p: p.statut == Phase.Statut.EN_COURS):
            phase.save()
        members = [u for role, u in team.items() if role != "chef"] or [team["chef"]]
        for i, phase in enumerate(phases):
            if i == current:
                for name, owner, due, status, progress, priority in spec["tasks"]:
                    Tache.objects.create(phase=phase, nom=name, responsable=team[owner], statut=status,
                                         date_echeance=day + timedelta(days=due), avancement=progress,
                                         priorite=priority)
                continue
            # Finished phases: their tasks done; later phases: to do, due within the phase.
            done = phase.statut == Phase.Statut.TERMINEE
            catalogue = PHASE_TASKS[phase.type]
            for k in range(3 if done else 2):
                Tache.objects.create(
                    phase=phase, nom=catalogue[(3 * index + i + k) % len(catalogue)],
                    responsable=members[(index + k) % len(members)],
                    statut=Tache.Statut.TERMINEE if done else Tache.Statut.A_FAIRE,
                    avancement=100 if done else 0,
                    date_echeance=phase.date_fin_prevue - timedelta(days=3 * (2 - k)),
                )

    @staticmethod
    def spread(begin, end, n):
        """n consecutive periods from begin to end, as even as whole days allow."""
        if n <= 0:
            return []
        length = max((end - begin).days + 1, n)
        cuts = [begin + timedelta(days=length * k // n) for k in range(n + 1)]
        return [(cuts[k], cuts[k + 1] - timedelta(days=1)) for k in range(n)]
