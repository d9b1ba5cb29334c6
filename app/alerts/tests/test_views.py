import re
from datetime import timedelta

import pytest

from alerts import scans
from alerts.models import Alert
from alerts.tests.factories import AlertFactory
from core.dates import today
from core.tests.helpers import assert_no_inline_code, assert_no_raw_codes, visible_text
from projects.tests.factories import make_risky_project


@pytest.fixture
def logged(client, user):
    client.force_login(user)
    return client


def test_counters_and_api(logged, user):
    AlertFactory(recipient=user, level="DANGER")
    AlertFactory(recipient=user, level="WARNING", type="RETARD_ETAPE")
    AlertFactory(recipient=user, level="WARNING", is_read=True, type="TACHES_EN_RETARD")
    AlertFactory(level="DANGER")  # someone else's
    assert logged.get("/api/alertes/count/").json() == {"unread": 2, "danger": 1, "warning": 1}
    data = logged.get("/api/alertes/list/").json()["alerts"]
    assert len(data) == 3
    page = logged.get("/alertes/")
    assert page.status_code == 200
    assert page.context["counters"]["unread"] == 2


def test_mark_one_and_all_read(logged, user):
    a, b = AlertFactory(recipient=user), AlertFactory(recipient=user, type="RETARD_ETAPE")
    other = AlertFactory()
    assert logged.post(f"/alertes/{a.pk}/lue/").status_code == 302
    assert Alert.objects.get(pk=a.pk).is_read and not Alert.objects.get(pk=b.pk).is_read
    assert logged.post(f"/alertes/{other.pk}/lue/").status_code == 404
    logged.post("/alertes/tout-lire/")
    assert Alert.objects.filter(recipient=user, is_read=False).count() == 0
    assert not Alert.objects.get(pk=other.pk).is_read


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_marking_read_says_how_many(logged, user):
    for i in range(3):
        AlertFactory(recipient=user, title=f"Échéance {i}")
    AlertFactory(recipient=user, is_read=True)
    one = Alert.objects.filter(title="Échéance 0").get()
    response = logged.post(f"/alertes/{one.pk}/lue/", follow=True)
    assert messages_of(response) == ["Alerte marquée comme lue : Échéance 0"]
    response = logged.post("/alertes/tout-lire/", {"next": "/alertes/?niveau=DANGER"}, follow=True)
    assert messages_of(response) == ["2 alertes marquées comme lues."]
    assert response.redirect_chain[-1][0] == "/alertes/?niveau=DANGER", "back to the same filters"
    response = logged.post("/alertes/tout-lire/", follow=True)
    assert messages_of(response) == ["Aucune alerte non lue."]
    AlertFactory(recipient=user)
    response = logged.post("/alertes/tout-lire/", HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert messages_of(response) == ["1 alert marked as read."]


def test_mark_read_goes_back_only_to_this_site(logged, user):
    alert = AlertFactory(recipient=user)
    response = logged.post(f"/alertes/{alert.pk}/lue/", {"next": "https://evil.example/"})
    assert response["Location"] == "/alertes/"


def test_alert_list_paginates_and_filters(logged, user):
    for i in range(120):
        AlertFactory(recipient=user, level="WARNING" if i % 2 else "DANGER", title=f"Alerte n°{i}",
                     is_read=i % 3 == 0)
    AlertFactory(recipient=user, type="CONTRAT_EXPIRE", level="DANGER", title="Contrat expiré le 30/11")
    first = logged.get("/alertes/")
    assert len(first.context["alerts"]) == 50 and first.context["page"].paginator.count == 121
    assert 'class="page-next" rel="next" href="?page=2"' in first.content.decode()
    assert len(logged.get("/alertes/?page=3").context["alerts"]) == 21
    filtered = logged.get("/alertes/?niveau=WARNING&non_lues=1")
    assert filtered.context["page"].paginator.count == len(
        [i for i in range(120) if i % 2 and i % 3])
    assert logged.get("/alertes/?type=CONTRAT_EXPIRE").context["page"].paginator.count == 1
    assert logged.get("/alertes/?q=expiré").context["page"].paginator.count == 1
    assert logged.get("/alertes/?q=n°11").context["page"].paginator.count == 11  # 11, 110..119
    many = logged.get("/alertes/?niveau=DANGER")
    assert 'href="?niveau=DANGER&amp;page=2"' in many.content.decode(), "the pages keep the filters"


def test_alerts_link_to_their_object(client, superuser):
    project, responsable, members, phase, tasks, contracts = make_risky_project()
    for scan in scans.SCANS.values():
        scan()
    client.force_login(responsable)
    html = client.get("/alertes/").content.decode()
    assert_no_inline_code(html)
    base = f"/projets/{project.pk}/"
    assert f'href="{base}#phase-{phase.pk}"' in html
    assert f'href="{base}#task-{tasks["overdue"].pk}"' in html
    assert f'href="{base}#contract-{contracts["expired"].pk}"' in html
    assert f'href="{base}#budget"' in html
    assert f'href="{base}"' in html  # the deadline, about the project itself
    detail = client.get(base).content.decode()
    for anchor in (f"phase-{phase.pk}", f"task-{tasks['overdue'].pk}", f"contract-{contracts['expired'].pk}", "budget"):
        assert f'id="{anchor}"' in detail


def test_alerts_read_in_the_readers_language(client, superuser):
    project, responsable, *_ = make_risky_project()
    for scan in scans.SCANS.values():
        scan()
    client.force_login(responsable)
    french = client.get("/alertes/").content.decode()
    assert "Projet « Migration ERP Finance » : budget dépassé (109,6 %)" in french
    assert "Prévu 120\xa0000,00\xa0€, dépensé 131\xa0500,00\xa0€, dépassement de 11\xa0500,00\xa0€." in french
    english = client.get("/alertes/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Project “Migration ERP Finance”: budget exceeded (109.6 %)" in english
    assert "Planned €120,000.00, spent €131,500.00, overrun of €11,500.00." in english
    assert "deadline passed by 3 day(s)" in english and "Evolutive contract, ending on" in english
    text = visible_text(english)
    for french_word in ("Projet «", "dépassé", "échéance", "Contrat ", "tâche", "Non lues"):
        assert french_word not in text, french_word
    assert_no_raw_codes(english)
    assert_no_raw_codes(french)


def test_alert_with_unknown_data_shows_its_stored_text(logged, user):
    AlertFactory(recipient=user, type="ECHEANCE_J7", title="Texte enregistré", data={})
    assert "Texte enregistré" in logged.get("/alertes/").content.decode()


def test_api_answers_anonymous_callers_401_json(client, db):
    for url in ("/api/alertes/count/", "/api/alertes/list/"):
        response = client.get(url)
        assert response.status_code == 401
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": "Authentification requise."}


def test_api_refuses_other_methods_405_json(logged, client):
    for method in ("post", "put", "delete"):
        response = getattr(logged, method)("/api/alertes/count/")
        assert response.status_code == 405
        assert response.json() == {"detail": "Méthode non autorisée."} and response["Allow"] == "GET"
    client.logout()
    assert client.post("/api/alertes/list/").status_code == 405


def test_api_in_english(client, db):
    response = client.get("/api/alertes/count/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json() == {"detail": "Authentication required."}


def test_each_row_button_marks_its_own_alert(logged, user):
    alerts = [AlertFactory(recipient=user, title=f"Alerte {i}") for i in range(3)]
    html = logged.get("/alertes/?q=Alerte").content.decode()
    assert_no_inline_code(html)
    actions = re.findall(r'<button type="submit" class="mark-read small" formaction="([^"]+)">', html)
    assert sorted(actions) == sorted(f"/alertes/{a.pk}/lue/" for a in alerts)
    response = logged.post(actions[0], {"next": "/alertes/?q=Alerte"})
    assert response["Location"] == "/alertes/?q=Alerte"
    assert Alert.objects.filter(recipient=user, is_read=True).count() == 1
