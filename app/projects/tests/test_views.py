import re

import pytest

from projects.models import Statut
from projects.tests.factories import TacheFactory


@pytest.fixture
def team_client(client, project_with_team):
    project, responsable, members = project_with_team
    client.force_login(responsable)
    return client, project, responsable, members


def assert_no_inline_code(html):
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert "<style" not in html and " style=" not in html, "inline style"
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"


def test_pages_render_without_inline_code(team_client):
    client, project, _, _ = team_client
    for url in ["/", "/projets/", f"/projets/{project.pk}/", "/alertes/"]:
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
    from accounts.tests.factories import UserFactory

    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    assert client.get("/admin/projects/project/add/").status_code == 403
    client.force_login(superuser)
    assert client.get("/admin/projects/project/add/").status_code == 200
    assert client.get("/admin/accounts/user/add/").status_code == 200
