import pytest

from config.celery_app import app


def test_liveness_needs_no_database(client):
    # No django_db mark: any database access would raise here.
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_health_ignores_the_host_header(client):
    assert client.get("/health/", HTTP_HOST="10.1.2.3:8000").status_code == 200


@pytest.mark.django_db
def test_ready_checks_database_broker_migrations(client):
    response = client.get("/health/ready/")
    assert response.status_code == 200, response.content
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok", "migrations": "ok"}}


@pytest.mark.django_db
def test_ready_is_503_when_the_broker_is_down(client, monkeypatch):
    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    response = client.get("/health/ready/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["broker"].startswith("error")


@pytest.mark.django_db
def test_health_answers_name_the_release(client, settings):
    settings.RELEASE = "src-0123abcd"
    assert client.get("/health/").headers["X-Release"] == "src-0123abcd"
    assert client.get("/health/ready/").headers["X-Release"] == "src-0123abcd"
    assert "X-Release" not in client.get("/comptes/connexion/").headers


@pytest.mark.django_db
def test_ready_reports_a_full_broker_as_degraded(client, monkeypatch):
    import redis

    monkeypatch.setattr(redis.Redis, "info", lambda self, section=None: {"used_memory": 537_000_000, "maxmemory": 536_870_912})
    response = client.get("/health/ready/")
    assert response.status_code == 503
    broker = response.json()["checks"]["broker"]
    assert broker.startswith("degraded: used memory 537000000 B reached maxmemory 536870912 B"), broker
