"""What a project file may be: an allowlist of extensions, each with the first bytes its
content must start with (the name alone proves nothing), and a size limit.

The stored type comes from the extension (never from the browser's Content-Type), and
the files are only ever sent as attachments (projects.views.file_download).
"""

import codecs
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # a local file header, or an empty archive
OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # Office 97-2003 compound documents
TEXT = None  # no signature: decoded instead

# extension: (stored type, signatures)
ALLOWED = {
    "pdf": ("application/pdf", (b"%PDF",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "gif": ("image/gif", (b"GIF87a", b"GIF89a")),
    "zip": ("application/zip", ZIP),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ZIP),
    "odt": ("application/vnd.oasis.opendocument.text", ZIP),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", ZIP),
    "odp": ("application/vnd.oasis.opendocument.presentation", ZIP),
    "doc": ("application/msword", OLE),
    "xls": ("application/vnd.ms-excel", OLE),
    "ppt": ("application/vnd.ms-powerpoint", OLE),
    "txt": ("text/plain", TEXT),
    "csv": ("text/csv", TEXT),
}

ACCEPT = ",".join(f".{ext}" for ext in ALLOWED)  # the file input's accept attribute
CHUNK = 64 * 1024


def extension_of(name):
    return PurePath(name or "").suffix.lstrip(".").lower()


def _starts_with(uploaded, signatures):
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    return any(head.startswith(sig) for sig in signatures)


def _is_text(uploaded):
    """UTF-8, or else Latin-1 (which decodes any byte); never a NUL byte (binary)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = True
    uploaded.seek(0)
    try:
        for chunk in uploaded.chunks(CHUNK):
            if b"\x00" in chunk:
                return False
            if utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = False  # Latin-1 then
        if utf8:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                pass  # a truncated last character: Latin-1 reads it
        return True
    finally:
        uploaded.seek(0)


def check_upload(uploaded):
    """The stored type of an acceptable upload; ValidationError naming the problem otherwise."""
    name = uploaded.name or ""
    if uploaded.size > settings.MAX_UPLOAD_SIZE:
        raise ValidationError(
            _("« %(nom)s » est trop volumineux (%(taille)s) : %(max)s au plus.")
            % {"nom": name, "taille": filesizeformat(uploaded.size), "max": filesizeformat(settings.MAX_UPLOAD_SIZE)},
            code="too_big",
        )
    if uploaded.size == 0:
        raise ValidationError(_("« %(nom)s » est vide.") % {"nom": name}, code="empty")
    ext = extension_of(name)
    if ext not in ALLOWED:
        raise ValidationError(
            _("Type de fichier non autorisé (%(ext)s). Types acceptés : %(types)s.")
            % {"ext": f".{ext}" if ext else _("sans extension"), "types": ", ".join(ALLOWED)},
            code="type_not_allowed",
        )
    content_type, signatures = ALLOWED[ext]
    matches = _is_text(uploaded) if signatures is TEXT else _starts_with(uploaded, signatures)
    if not matches:
        raise ValidationError(
            _("Le contenu de « %(nom)s » ne correspond pas à son extension .%(ext)s.") % {"nom": name, "ext": ext},
            code="content_mismatch",
        )
    return content_type
