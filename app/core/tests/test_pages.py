"""Error pages, favicon, admin, amounts: the site's own look in both languages."""

import os
import struct
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.utils import translation
from django.views.defaults import server_error

from core.templatetags.pmo import money
from core.tests.helpers import assert_no_inline_code, visible_text
from core.tests.test_settings import manage, production_env

APP_DIR = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("lang,amount,currency,expected", [
    ("fr", "120000", "EUR", "120\xa0000,00\xa0€"),
    ("en", "120000", "EUR", "€120,000.00"),
    ("fr", "-11500.5", "EUR", "-11\xa0500,50\xa0€"),
    ("en", "-11500.5", "EUR", "-€11,500.50"),
    ("fr", "1234.5", "USD", "1\xa0234,50\xa0$"),
    ("en", "1234.5", "USD", "$1,234.50"),
    ("en", "99", "GBP", "£99.00"),
    ("fr", "1000", "CHF", "1\xa0000,00\xa0CHF"),
    ("en", "1000", "CHF", "CHF\xa01,000.00"),
    ("en", "1000", "JPY", "JPY\xa01,000.00"),
    ("fr", "1000000", "", "1\xa0000\xa0000,00\xa0"),
    ("fr", None, "EUR", "—"),
])
def test_money(lang, amount, currency, expected):
    with translation.override(lang):
        assert money(Decimal(amount) if amount else amount, currency) == expected


# -- Error pages ------------------------------------------------------------------------------

def test_404_is_the_sites_own_and_translated(client, user):
    client.force_login(user)
    french = client.get("/pas-de-page-ici/")
    assert french.status_code == 404
    html = french.content.decode()
    assert "Page introuvable" in html and 'href="/" id="error-home"' in html and 'id="nav-projects"' in html
    assert_no_inline_code(html)
    english = client.get("/no-page-here/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Page not found" in english and "Back to the dashboard" in english
    assert "introuvable" not in visible_text(english)
    assert_no_inline_code(english)


def test_404_for_anonymous_visitors(client, db):
    html = client.get("/pas-de-page-ici/").content.decode()
    assert "Page introuvable" in html and 'id="nav-projects"' not in html


def test_403_names_the_refusal(client, project_with_team):
    project, _, members = project_with_team
    client.force_login(members[0])
    response = client.post(f"/projets/{project.pk}/demarrer/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Accès refusé" in html and "Seul le responsable principal peut démarrer le projet." in html
    assert_no_inline_code(html)
    english = client.post(f"/projets/{project.pk}/demarrer/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Access denied" in english and "Only the project lead can start the project." in english


def test_csrf_refusal_is_translated(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/comptes/connexion/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Formulaire expiré" in html and "/static/css/app.css" in html
    assert_no_inline_code(html)
    english = client.post("/comptes/connexion/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Form expired" in english


@pytest.mark.parametrize("lang,title", [("fr", "Erreur du serveur"), ("en", "Server error")])
def test_500_renders_without_database_or_request_context(lang, title):
    # No db fixture: any query would fail the test.
    request = RequestFactory().get("/")
    with translation.override(lang):
        response = server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert title in html and f'<html lang="{lang}">' in html
    assert "/static/css/app.css" in html and 'href="/"' in html
    assert_no_inline_code(html)


def test_render_error_pages(settings, tmp_path):
    settings.STATIC_ROOT = str(tmp_path)
    call_command("render_error_pages", stdout=open(os.devnull, "w"))
    pages = sorted(p.name for p in (tmp_path / "errors").iterdir())
    assert pages == [f"{code}.{lang}.html" for code in (429, 502, 503, 504) for lang in ("en", "fr")]
    french = (tmp_path / "errors" / "503.fr.html").read_text()
    english = (tmp_path / "errors" / "503.en.html").read_text()
    assert '<html lang="fr">' in french and "Service en maintenance" in french
    assert '<html lang="en">' in english and "Service under maintenance" in english
    assert "maintenance ou de mise à jour" not in english
    assert "Too many requests" in (tmp_path / "errors" / "429.en.html").read_text()
    for page in (tmp_path / "errors").iterdir():
        html = page.read_text()
        assert_no_inline_code(html)
        assert 'href="/static/css/app.css"' in html and 'href="/"' in html


def test_render_error_pages_with_the_production_settings(tmp_path):
    """As the image's build runs it: after collectstatic, the stylesheet by its hashed name."""
    env = production_env(tmp_path, DJANGO_STATIC_ROOT=str(tmp_path / "static"), DB_HOST="build", DB_NAME="build",
                         DB_USER="build", DB_PASSWORD="build")
    result = manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    assert result.returncode == 0, result.stderr
    result = manage(env, "render_error_pages")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "8 page(s) written"
    html = (tmp_path / "static" / "errors" / "502.fr.html").read_text()
    assert "Service momentanément indisponible" in html
    css = next((tmp_path / "static" / "css").glob("app.*.css")).name
    assert f'href="/static/css/{css}"' in html


# -- Favicon, admin ---------------------------------------------------------------------------

def test_favicon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == "/static/favicon.ico"
    data = (APP_DIR / "static" / "favicon.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1) and count >= 1
    for i in range(count):
        width, height, _, _, planes, bits, size, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        assert width in (16, 32) and bits == 32 and offset + size <= len(data)
        assert struct.unpack_from("<I", data, offset)[0] == 40, "a BITMAPINFOHEADER"
    html = client.get("/comptes/connexion/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    assert (APP_DIR / "static" / "favicon.svg").read_text().startswith("<svg")


def test_admin_is_branded(client, superuser):
    client.force_login(superuser)
    french = client.get("/admin/").content.decode()
    assert "SI-Gouvernance — administration" in french and "Administration du site" in french
    assert "Django" not in visible_text(french)
    english = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "SI-Gouvernance administration" in english and "Site administration" in english
    assert "<title>Site administration | SI-Gouvernance</title>" in english


def test_favicon_script_writes_the_committed_file(tmp_path):
    result = subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, 'tools');"
                             "import make_favicon; sys.stdout.buffer.write(make_favicon.ico())"],
                            cwd=APP_DIR, capture_output=True, timeout=60)
    assert result.returncode == 0
    assert result.stdout == (APP_DIR / "static" / "favicon.ico").read_bytes()
