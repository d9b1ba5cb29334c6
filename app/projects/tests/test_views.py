import re
from datetime import timedelta

import pytest
from django.test.utils import CaptureQueriesContext
from django.db import connection

from accounts.tests.factories import UserFactory
from core.dates import today
from core.tests.helpers import assert_no_inline_code, assert_no_raw_codes, visible_text
from projects.models import Affectation, Phase, Priorite, Project, Statut, Tache
from projects.tests.factories import (
    LigneBudgetFactory, ProjectFactory, TacheFactory, make_risky_project, make_team, running,
)


@pytest.fixture
def team_client(client, project_with_team):
    project, responsable, members = project_with_team
    client.force_login(responsable)
    return client, project, responsable, members


@pytest.fixture
def risky(db):
    return make_risky_project()


def test_pages_render_without_inline_code(team_client):
    client, project, _, _ = team_client
    phase = running(project)
    TacheFactory(phase=phase)
    for url in ["/", "/projets/", "/projets/?q=x&filtre=risque&tri=-budget", f"/projets/{project.pk}/",
                f"/projets/{project.pk}/phases/{phase.pk}/cloturer/", "/alertes/", "/alertes/?non_lues=1&q=x"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_inline_code(response.content.decode())


def test_login_page_without_inline_code(client, db):
    response = client.get("/comptes/connexion/")
    assert response.status_code == 200
    assert_no_inline_code(response.content.decode())


def test_start_and_close_through_the_pages(team_client):
    client, project, _, members = team_client
    assert client.post(f"/projets/{project.pk}/demarrer/").status_code == 302
    project.refresh_from_db()
    assert project.statut == Statut.EN_COURS
    phase = project.phases.get(statut="EN_COURS")
    TacheFactory(phase=phase, responsable=members[0])
    client.post(f"/projets/{project.pk}/phases/{phase.pk}/cloturer/")
    phase.refresh_from_db()
    assert phase.statut == "EN_COURS", "open task blocks the close"
    phase.taches.update(statut="TERMINEE")
    client.post(f"/projets/{project.pk}/phases/{phase.pk}/cloturer/")
    phase.refresh_from_db()
    assert phase.statut == "TERMINEE"


def test_member_cannot_start(client, project_with_team):
    project, _, members = project_with_team
    client.force_login(members[0])
    assert client.post(f"/projets/{project.pk}/demarrer/").status_code == 403


def test_outsider_does_not_see_the_project(client, user, project_with_team):
    project, _, _ = project_with_team
    client.force_login(user)
    assert client.get(f"/projets/{project.pk}/").status_code == 404


def test_english_translation(team_client):
    client, _, _, _ = team_client
    french = client.get("/").content.decode()
    assert "Tableau de bord" in french
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Dashboard" in english and "Tableau de bord" not in english


def test_only_the_superuser_adds_projects_in_the_admin(client, superuser, db):
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    assert client.get("/admin/projects/project/add/").status_code == 403
    client.force_login(superuser)
    assert client.get("/admin/projects/project/add/").status_code == 200
    assert client.get("/admin/accounts/user/add/").status_code == 200


# -- The project page -------------------------------------------------------------------------

def test_project_page_shows_every_risk(client, risky):
    project, responsable, _, phase, tasks, contracts = risky
    client.force_login(responsable)
    html = client.get(f"/projets/{project.pk}/").content.decode()
    assert_no_inline_code(html)
    # Amounts with grouping and currency; the budget's status as a translated label.
    assert "120\xa0000,00\xa0€" in html and "131\xa0500,00\xa0€" in html and "-11\xa0500,00\xa0€" in html
    assert "109,6\xa0%" in html and "Budget dépassé" in html
    # Every phase's tasks in a table with a header row; overdue and blocked rows marked.
    for header in ("Tâche", "Responsable", "Échéance", "Statut", "Priorité", "Avancement"):
        assert f">{header}</th>" in html
    assert re.search(rf'<tr id="task-{tasks["overdue"].pk}" class="[^"]*\btask-overdue\b', html)
    assert re.search(rf'<tr id="task-{tasks["blocked"].pk}" class="[^"]*\btask-blocked\b', html)
    assert re.search(rf'<tr id="task-{tasks["done"].pk}" class="task-row">', html)
    assert f'id="task-{tasks["later"].pk}"' in html, "tasks of the phases not running are listed too"
    # The past-due phase, the late project, the contracts.
    assert re.search(rf'class="phase phase-warning" id="phase-{phase.pk}"', html)
    assert "Phase en retard" in html and "En retard" in html
    assert re.search(rf'<tr id="contract-{contracts["expired"].pk}" class="[^"]*\brow-danger\b', html)
    assert re.search(rf'<tr id="contract-{contracts["expiring"].pk}" class="[^"]*\brow-warning\b', html)
    assert "Expiré" in html and "Expire bientôt" in html
    # The budget table has its header row.
    assert re.search(r'<table class="data" id="budget-lines">\s*<thead><tr><th scope="col">Date</th>', html)
    assert_no_raw_codes(html)


def test_project_page_in_english(client, risky):
    project, responsable, *_ = risky
    client.force_login(responsable)
    html = client.get(f"/projets/{project.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "€120,000.00" in html and "€131,500.00" in html and "-€11,500.00" in html
    assert "Budget overrun" in html and "Phase late" in html and "Expired" in html and "Expires soon" in html
    text = visible_text(html)
    for french in ("Budget dépassé", "Tâche", "Échéance", "Avancement", "En retard", "Expiré", "Prévu", "Contrats"):
        assert french not in text, french
    assert_no_raw_codes(html)


def test_project_page_queries_do_not_grow_with_its_tasks(client, risky):
    project, responsable, _, phase, *_ = risky
    client.force_login(responsable)
    url = f"/projets/{project.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(15):
        TacheFactory(phase=project.phases.get(type=Phase.Type.DEPLOIEMENT), responsable=UserFactory())
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


# -- The project list -------------------------------------------------------------------------

@pytest.fixture
def portfolio(db):
    """Six projects seen by a DIRECTION user; one late, one over budget, one with a past-due phase."""
    day = today()
    late = ProjectFactory(nom="Alpha portail", client="Zeta Assurances", statut=Statut.EN_COURS,
                          date_fin=day - timedelta(days=2), priorite=Priorite.HAUTE)
    over = ProjectFactory(nom="Bravo ERP", client="Groupe Vercors", statut=Statut.EN_COURS,
                          date_fin=day + timedelta(days=40), priorite=Priorite.CRITIQUE)
    LigneBudgetFactory(project=over, montant=over.budget_previsionnel + 1)
    phased = ProjectFactory(nom="Charlie mobile", client="Transports Lumière", statut=Statut.EN_COURS,
                            date_fin=day + timedelta(days=90), priorite=Priorite.BASSE)
    running(phased, date_fin_prevue=day - timedelta(days=1))
    calm = ProjectFactory(nom="Delta intranet", client="Mutuelle", statut=Statut.PLANIFIE, priorite=Priorite.MOYENNE)
    done = ProjectFactory(nom="Echo archive", client="Ville", statut=Statut.TERMINE, date_fin=day - timedelta(days=30))
    LigneBudgetFactory(project=calm, montant=calm.budget_previsionnel * 8 / 10)
    blocked = ProjectFactory(nom="Foxtrot data", client="Banque", statut=Statut.EN_COURS,
                             date_fin=day + timedelta(days=200))
    TacheFactory(phase=running(blocked), statut=Tache.Statut.BLOQUEE)
    return {"late": late, "over": over, "phased": phased, "calm": calm, "done": done, "blocked": blocked}


@pytest.fixture
def direction_client(client, portfolio):
    client.force_login(UserFactory(role="DIRECTION"))
    return client


def names(response):
    return [p.nom for p in response.context["projects"]]


def test_project_list_search(direction_client):
    assert names(direction_client.get("/projets/?q=erp")) == ["Bravo ERP"]
    assert names(direction_client.get("/projets/?q=lumière")) == ["Charlie mobile"], "the client too"


@pytest.mark.parametrize("params,expected", [
    ("statut=EN_COURS", ["Alpha portail", "Bravo ERP", "Charlie mobile", "Foxtrot data"]),
    ("priorite=CRITIQUE", ["Bravo ERP"]),
    ("filtre=retard", ["Alpha portail"]),
    ("filtre=depassement", ["Bravo ERP"]),
    ("filtre=risque", ["Alpha portail", "Bravo ERP", "Charlie mobile", "Foxtrot data"]),
    ("filtre=risque&q=bravo", ["Bravo ERP"]),
    ("statut=nonsense&filtre=nonsense", ["Alpha portail", "Bravo ERP", "Charlie mobile", "Delta intranet",
                                         "Echo archive", "Foxtrot data"]),
])
def test_project_list_filters(direction_client, params, expected):
    assert names(direction_client.get(f"/projets/?{params}")) == expected


@pytest.mark.parametrize("sort,expected", [
    ("nom", ["Alpha portail", "Bravo ERP", "Charlie mobile", "Delta intranet", "Echo archive", "Foxtrot data"]),
    ("-nom", ["Foxtrot data", "Echo archive", "Delta intranet", "Charlie mobile", "Bravo ERP", "Alpha portail"]),
    ("client", ["Foxtrot data", "Bravo ERP", "Delta intranet", "Charlie mobile", "Echo archive", "Alpha portail"]),
    ("priorite", ["Charlie mobile", "Delta intranet", "Echo archive", "Foxtrot data", "Alpha portail", "Bravo ERP"]),
    ("-priorite", ["Bravo ERP", "Alpha portail", "Delta intranet", "Echo archive", "Foxtrot data", "Charlie mobile"]),
    ("statut", ["Delta intranet", "Alpha portail", "Bravo ERP", "Charlie mobile", "Foxtrot data", "Echo archive"]),
    ("fin", ["Echo archive", "Alpha portail", "Bravo ERP", "Charlie mobile", "Foxtrot data", "Delta intranet"]),
    ("-fin", ["Foxtrot data", "Charlie mobile", "Bravo ERP", "Alpha portail", "Echo archive", "Delta intranet"]),
    ("-budget", ["Bravo ERP", "Delta intranet", "Alpha portail", "Charlie mobile", "Echo archive", "Foxtrot data"]),
])
def test_project_list_sorts(direction_client, sort, expected):
    assert names(direction_client.get(f"/projets/?tri={sort}")) == expected


def test_project_list_column_headers_sort_and_keep_the_filters(direction_client):
    html = direction_client.get("/projets/?q=o&tri=nom").content.decode()
    assert 'href="?q=o&amp;tri=-nom" data-sort="ascending"' in html, "a second click sorts descending"
    assert 'href="?q=o&amp;tri=budget"' in html


def test_project_list_paginates_and_keeps_the_query(client, superuser):
    for i in range(30):
        ProjectFactory(nom=f"Projet à risque {i:02d}", statut=Statut.EN_COURS, date_fin=today() - timedelta(days=1))
    client.force_login(superuser)
    first = client.get("/projets/?filtre=retard&tri=-nom")
    assert len(first.context["projects"]) == 25 and first.context["page"].paginator.count == 30
    html = first.content.decode()
    assert 'class="page-next" rel="next" href="?filtre=retard&amp;tri=-nom&amp;page=2"' in html
    second = client.get("/projets/?filtre=retard&tri=-nom&page=2")
    assert names(second) == [f"Projet à risque {i:02d}" for i in range(4, -1, -1)]


def test_project_list_flags_risks_in_both_languages(direction_client, portfolio):
    french = direction_client.get("/projets/").content.decode()
    assert re.search(rf'class="project-row row-danger" id="project-{portfolio["late"].pk}"', french)
    assert re.search(rf'class="project-row row-ok" id="project-{portfolio["done"].pk}"', french)
    assert "En retard" in french and "Budget dépassé" in french and "1 phase en retard" in french
    assert "1 tâche bloquée" in french
    assert_no_raw_codes(french)
    english = direction_client.get("/projets/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Late" in english and "Budget overrun" in english and "1 phase late" in english
    assert "1 blocked task" in english and "In progress" in english
    assert "En cours" not in visible_text(english)
    assert_no_raw_codes(english)


def test_member_sees_only_the_projects_of_the_team(client, portfolio):
    member = UserFactory()
    Affectation.objects.create(user=member, project=portfolio["calm"])
    Affectation.objects.create(user=member, project=portfolio["over"], date_fin=today())
    client.force_login(member)
    assert names(client.get("/projets/")) == ["Bravo ERP", "Delta intranet"]


# -- Closing a phase --------------------------------------------------------------------------

def test_close_confirmation_names_the_blocking_tasks(client, risky):
    project, responsable, _, phase, tasks, _ = risky
    client.force_login(responsable)
    url = f"/projets/{project.pk}/phases/{phase.pk}/cloturer/"
    html = client.get(url).content.decode()
    assert_no_inline_code(html)
    assert 'id="blocking-tasks"' in html
    for key in ("overdue", "blocked", "todo"):
        assert tasks[key].nom in html
    assert tasks["done"].nom not in html
    assert "Bloquée" in html and "À faire" in html
    assert 'id="confirm-close"' not in html, "no confirm button while tasks are open"
    assert_no_raw_codes(html)
    response = client.post(url, follow=True)
    phase.refresh_from_db()
    assert phase.statut == Phase.Statut.EN_COURS
    message = [str(m) for m in response.context["messages"]][0]
    assert "« Recetter les écritures » (En cours)" in message and "« Rapprochement bancaire » (Bloquée)" in message


def test_close_confirmation_says_what_happens_then_closes(client, project_with_team):
    project, responsable, _ = project_with_team
    phase = running(project)
    TacheFactory(phase=phase, statut=Tache.Statut.TERMINEE)
    client.force_login(responsable)
    url = f"/projets/{project.pk}/phases/{phase.pk}/cloturer/"
    detail = client.get(f"/projets/{project.pk}/").content.decode()
    assert f'id="close-phase-{phase.pk}" href="{url}"' in detail, "the button leads to the confirmation"
    html = client.get(url).content.decode()
    assert_no_inline_code(html)
    assert 'id="confirm-close"' in html and "Conception, commencera" in html and "prévenue" in html
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The next phase, Design, will start today." in english
    assert phase.statut == Phase.Statut.EN_COURS, "a GET changes nothing"
    response = client.post(url)
    assert response.status_code == 302 and response["Location"].endswith(f"#phase-{phase.pk}")
    phase.refresh_from_db()
    assert phase.statut == Phase.Statut.TERMINEE


def test_close_confirmation_of_the_last_phase_says_the_project_ends(client, project_with_team):
    project, responsable, _ = project_with_team
    phase = running(project, Phase.Type.MAINTENANCE)
    client.force_login(responsable)
    html = client.get(f"/projets/{project.pk}/phases/{phase.pk}/cloturer/").content.decode()
    assert "le projet sera terminé" in html


def test_close_confirmation_is_for_the_responsable_only(client, project_with_team):
    project, _, members = project_with_team
    phase = running(project)
    client.force_login(members[0])
    url = f"/projets/{project.pk}/phases/{phase.pk}/cloturer/"
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert 'id="close-phase-' not in client.get(f"/projets/{project.pk}/").content.decode()
