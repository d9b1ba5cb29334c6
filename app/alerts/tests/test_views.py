import pytest

from alerts.models import Alert
from alerts.tests.factories import AlertFactory


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


def test_api_requires_login(client, db):
    assert client.get("/api/alertes/count/").status_code == 302
