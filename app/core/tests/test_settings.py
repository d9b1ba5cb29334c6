"""Production settings: refuse to start without secrets; pass the deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from config.env import secret

APP_DIR = Path(__file__).resolve().parents[2]


def production_env(tmp_path, **overrides):
    key = tmp_path / "secret_key"
    key.write_text("k" * 20 + "-Zq9!vX7#pL2@wR5$tY8^uI1&oP4*aS6(dF3)gH0_jK" + "\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EMAIL_BACKEND"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY_FILE": str(key),
        "DJANGO_ALLOWED_HOSTS": "si.example.org",
        "LOG_TO_FILE": "false",
    })
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def manage(env, *args):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=APP_DIR, env=env,
                          capture_output=True, text=True, timeout=120)


def test_check_deploy_passes_with_production_settings(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", [
    "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DB_HOST", "DB_NAME", "DB_USER", "DB_PASSWORD",
])
def test_production_refuses_to_start_without(tmp_path, missing):
    env = production_env(tmp_path)
    env.pop(missing, None)
    env.pop(f"{missing}_FILE", None)
    result = manage(env, "check")
    assert result.returncode != 0
    assert f"Set {missing}" in result.stderr


def test_behind_the_tls_proxy(tmp_path):
    code = ("from django.conf import settings as s;"
            "print(s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
            " s.SECURE_HSTS_SECONDS, s.CSRF_TRUSTED_ORIGINS, s.DEBUG)")
    result = manage(production_env(tmp_path), "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "('HTTP_X_FORWARDED_PROTO', 'https') True True 31536000 ['https://si.example.org'] False"


def test_secret_file_wins(tmp_path, monkeypatch):
    path = tmp_path / "pw"
    path.write_text("from-file\n")
    monkeypatch.setenv("SOME_PASSWORD", "from-env")
    assert secret("SOME_PASSWORD") == "from-env"
    monkeypatch.setenv("SOME_PASSWORD_FILE", str(path))
    assert secret("SOME_PASSWORD") == "from-file"
    monkeypatch.setenv("SOME_PASSWORD_FILE", str(tmp_path / "absent"))
    with pytest.raises(ImproperlyConfigured, match="SOME_PASSWORD_FILE"):
        secret("SOME_PASSWORD")


@pytest.mark.django_db
def test_no_missing_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_retired_keys_still_verify_what_they_signed(tmp_path):
    """A rotation moves the old key to DJANGO_SECRET_KEY_FALLBACKS_FILE: its signatures stay valid."""
    old_key = "o" * 20 + "-Old9!vX7#pL2@wR5$tY8^uI1&oP4*aS6(dF3)gH0_jK"
    fallbacks = tmp_path / "fallbacks"
    fallbacks.write_text(old_key + "\n")
    code = ("from django.core import signing; from django.conf import settings as s;"
            f"old = signing.dumps('session', key={old_key!r});"
            "print(len(s.SECRET_KEY_FALLBACKS), signing.loads(old), signing.dumps('x') != signing.dumps('x', key=s.SECRET_KEY_FALLBACKS[0]))")
    result = manage(production_env(tmp_path, DJANGO_SECRET_KEY_FALLBACKS_FILE=str(fallbacks)), "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "1 session True"
    result = manage(production_env(tmp_path), "shell", "-c",
                    "from django.conf import settings as s; print(s.SECRET_KEY_FALLBACKS)")
    assert result.stdout.strip().splitlines()[-1] == "[]"
