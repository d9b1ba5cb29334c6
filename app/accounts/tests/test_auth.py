import pytest
from axes.models import AccessAttempt
from django.core.management import call_command

from accounts.models import User


def login(client, username, password):
    return client.post("/comptes/connexion/", {"username": username, "password": password})


def test_login_and_logout(client, user):
    assert login(client, user.username, "motdepasse-tres-solide").status_code == 302
    assert client.get("/").status_code == 200
    client.post("/comptes/deconnexion/")
    assert client.get("/").status_code == 302


def test_five_failures_lock_the_account(client, user):
    for _ in range(5):
        login(client, user.username, "wrong")
    response = login(client, user.username, "motdepasse-tres-solide")
    assert response.status_code == 429
    assert "30 minutes" in response.content.decode()
    assert AccessAttempt.objects.get(username=user.username).failures_since_start >= 5


def test_session_lasts_eight_hours(settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.AXES_COOLOFF_TIME == 0.5 and settings.AXES_FAILURE_LIMIT == 5


@pytest.mark.django_db
def test_ensure_superuser_is_idempotent(monkeypatch, tmp_path, capsys):
    secret = tmp_path / "pw"
    secret.write_text("un-mot-de-passe-long\n")
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "chef")
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "chef@example.test")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD_FILE", str(secret))
    outputs = []
    for _ in range(2):
        call_command("ensure_superuser")
        outputs.append(capsys.readouterr().out.strip().splitlines()[-1])
    secret.write_text("un-autre-mot-de-passe")
    call_command("ensure_superuser")
    outputs.append(capsys.readouterr().out.strip().splitlines()[-1])
    assert outputs == ["created", "unchanged", "updated"]
    user = User.objects.get(username="chef")
    assert user.is_superuser and user.check_password("un-autre-mot-de-passe")
