import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.tests.factories import UserFactory
from core.models import AuditLog
from core.tests.helpers import assert_no_inline_code
from projects.models import Affectation, FichierProjet
from projects.tests.factories import ProjectFactory, make_team

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20
ZIP = b"PK\x03\x04\x14\x00\x00\x00" + b"\x00" * 30
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 30


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.MEDIA_ACCEL_REDIRECT_PREFIX = ""
    return tmp_path


@pytest.fixture
def team(project_with_team):
    return project_with_team


def upload(client, project, name, content, follow=False):
    return client.post(f"/projets/{project.pk}/fichiers/ajouter/",
                       {"fichier": SimpleUploadedFile(name, content, content_type="application/octet-stream")},
                       follow=follow)


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize("who", ["responsable", "member", "superuser"])
def test_team_and_superuser_upload(client, team, superuser, media, who):
    project, responsable, members = team
    user = {"responsable": responsable, "member": members[0], "superuser": superuser}[who]
    client.force_login(user)
    response = upload(client, project, "Compte rendu été 2026.pdf", PDF, follow=True)
    assert messages_of(response) == ["Fichier « Compte rendu été 2026.pdf » ajouté."]
    f = FichierProjet.objects.get()
    assert (f.nom, f.taille, f.type_mime, f.auteur) == ("Compte rendu été 2026.pdf", len(PDF), "application/pdf", user)
    # projets/<project>/<random hex>/<ASCII name>, under MEDIA_ROOT.
    assert re.fullmatch(rf"projets/{project.pk}/[0-9a-f]{{32}}/Compte_rendu_ete_2026\.pdf", f.fichier.name)
    assert (Path(media) / f.fichier.name).read_bytes() == PDF
    entry = AuditLog.objects.get(action=AuditLog.Action.FICHIER_AJOUTE)
    assert entry.user == user and entry.project == project and entry.after["fichier"] == f.nom and entry.is_intact()
    html = response.content.decode()
    assert f'href="/projets/{project.pk}/fichiers/{f.pk}/"' in html and "Compte rendu été 2026.pdf" in html
    assert f">{len(PDF)}\xa0octets<" in html and "<abbr title=\"application/pdf\">PDF</abbr>" in html


def test_two_uploads_of_one_name_do_not_meet(client, team):
    project, responsable, _ = team
    client.force_login(responsable)
    upload(client, project, "plan.pdf", PDF)
    upload(client, project, "plan.pdf", PDF)
    first, second = FichierProjet.objects.values_list("fichier", flat=True)
    assert first != second and first.endswith("/plan.pdf") and second.endswith("/plan.pdf")


def test_upload_form_only_for_those_who_may_upload(client, team, superuser):
    project, responsable, members = team
    client.force_login(members[0])
    html = client.get(f"/projets/{project.pk}/").content.decode()
    assert 'id="upload-form"' in html and 'enctype="multipart/form-data"' in html
    assert_no_inline_code(html)
    direction = UserFactory(role="DIRECTION")
    client.force_login(direction)
    assert 'id="upload-form"' not in client.get(f"/projets/{project.pk}/").content.decode()


def test_others_cannot_upload(client, team):
    project, _, members = team
    direction = UserFactory(role="DIRECTION")  # sees every project, is in no team
    client.force_login(direction)
    assert upload(client, project, "a.pdf", PDF).status_code == 403
    Affectation.objects.filter(user=members[1]).update(date_fin="2026-01-01")  # left the team
    client.force_login(members[1])
    assert upload(client, project, "a.pdf", PDF).status_code == 403
    client.force_login(UserFactory())
    assert upload(client, project, "a.pdf", PDF).status_code == 404
    assert not FichierProjet.objects.exists()


@pytest.mark.parametrize("name,content,error", [
    ("virus.exe", b"MZ\x90\x00", "Type de fichier non autorisé (.exe)"),
    ("page.html", b"<html></html>", "Type de fichier non autorisé (.html)"),
    ("sans_extension", b"hello", "Type de fichier non autorisé (sans extension)"),
    ("faux.pdf", PNG, "Le contenu de « faux.pdf » ne correspond pas à son extension .pdf."),
    ("image.png", b"GIF89a....", "ne correspond pas à son extension .png"),
    ("rapport.docx", PDF, "ne correspond pas à son extension .docx"),
    ("ancien.doc", ZIP, "ne correspond pas à son extension .doc"),
    ("binaire.csv", b"a;b\n\x00\x01\x02", "ne correspond pas à son extension .csv"),
    ("vide.txt", b"", "« vide.txt » est vide."),
])
def test_refused_uploads_say_why(client, team, name, content, error):
    project, responsable, _ = team
    client.force_login(responsable)
    response = upload(client, project, name, content, follow=True)
    assert any(error in m for m in messages_of(response)), messages_of(response)
    assert not FichierProjet.objects.exists()


def test_too_big_is_refused(client, team, settings):
    settings.MAX_UPLOAD_SIZE = 1024
    project, responsable, _ = team
    client.force_login(responsable)
    response = upload(client, project, "gros.pdf", PDF + b"x" * 2000, follow=True)
    assert messages_of(response) == ["« gros.pdf » est trop volumineux (2,0\xa0Kio) : 1,0\xa0Kio au plus."]
    assert not FichierProjet.objects.exists()


def test_refusal_in_english(client, team):
    project, responsable, _ = team
    client.force_login(responsable)
    client.cookies["django_language"] = "en"
    response = upload(client, project, "virus.exe", b"MZ", follow=True)
    assert messages_of(response)[0].startswith("File type not allowed (.exe). Accepted types: pdf, png")


@pytest.mark.parametrize("name,content,content_type", [
    ("notes.txt", "Réunion du 3 décembre : décisions.\n".encode("utf-8"), "text/plain"),
    ("export.csv", "nom;montant\nÉtude;4500\n".encode("latin-1"), "text/csv"),
    ("plan.docx", ZIP, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("budget.xlsx", ZIP, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("note.odt", ZIP, "application/vnd.oasis.opendocument.text"),
    ("ancien.doc", OLE, "application/msword"),
    ("tableau.xls", OLE, "application/vnd.ms-excel"),
    ("photo.JPG", b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
    ("schema.png", PNG, "image/png"),
    ("anim.gif", b"GIF87a\x01\x00", "image/gif"),
    ("archive.zip", ZIP, "application/zip"),
])
def test_accepted_types(client, team, name, content, content_type):
    project, responsable, _ = team
    client.force_login(responsable)
    upload(client, project, name, content)
    assert FichierProjet.objects.get().type_mime == content_type, "the type comes from the extension"


# -- Download ---------------------------------------------------------------------------------

@pytest.fixture
def stored(client, team):
    project, responsable, members = team
    client.force_login(responsable)
    upload(client, project, "Cahier des charges — v2.pdf", PDF)
    return project, FichierProjet.objects.get(), members


def test_download_as_an_attachment(client, stored):
    project, f, members = stored
    client.force_login(members[0])
    response = client.get(f"/projets/{project.pk}/fichiers/{f.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=UTF-8''Cahier%20des%20charges%20%E2%80%94%20v2.pdf")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "X-Accel-Redirect" not in response


def test_download_through_nginx_when_the_prefix_is_set(client, stored, settings):
    settings.MEDIA_ACCEL_REDIRECT_PREFIX = "/protected-media/"
    project, f, members = stored
    client.force_login(members[0])
    response = client.get(f"/projets/{project.pk}/fichiers/{f.pk}/")
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == f"/protected-media/{f.fichier.name}"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename*=UTF-8''Cahier")


def test_download_only_for_those_who_see_the_project(client, stored):
    project, f, _ = stored
    client.force_login(UserFactory())
    assert client.get(f"/projets/{project.pk}/fichiers/{f.pk}/").status_code == 404
    other = ProjectFactory()
    make_team(other)
    client.force_login(UserFactory(role="DIRECTION"))
    assert client.get(f"/projets/{other.pk}/fichiers/{f.pk}/").status_code == 404, "the file of another project"
    assert client.get(f"/projets/{project.pk}/fichiers/{f.pk}/").status_code == 200
    client.logout()
    assert client.get(f"/projets/{project.pk}/fichiers/{f.pk}/").status_code == 302


def test_admin_uploads_are_checked_too(client, superuser, team, media):
    project, _, _ = team
    client.force_login(superuser)
    url = "/admin/projects/fichierprojet/add/"
    response = client.post(url, {"project": project.pk, "fichier": SimpleUploadedFile("faux.pdf", PNG)})
    assert response.status_code == 200 and "ne correspond pas à son extension .pdf" in response.content.decode()
    assert not FichierProjet.objects.exists()
    response = client.post(url, {"project": project.pk, "fichier": SimpleUploadedFile("vrai.pdf", PDF)})
    assert response.status_code == 302
    f = FichierProjet.objects.get()
    assert (f.nom, f.type_mime, f.auteur, f.taille) == ("vrai.pdf", "application/pdf", superuser, len(PDF))
    assert re.fullmatch(rf"projets/{project.pk}/[0-9a-f]{{32}}/vrai\.pdf", f.fichier.name)
    assert AuditLog.objects.filter(action=AuditLog.Action.FICHIER_AJOUTE, user=superuser).count() == 1
