"""The proxy's own error pages, rendered at build: STATIC_ROOT/errors/<code>.<lang>.html.

nginx answers 429 (rate limits) and 502/503/504 (the application down or slow) itself;
these files let it answer with the site's page, in the visitor's language, with the
stylesheet's hashed name (run after collectstatic, with the production settings).
Prints each file written, then "<n> page(s) written".
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

PAGES = {
    429: (_("Trop de requêtes"),
          _("Trop de requêtes ont été envoyées en peu de temps. Patientez quelques instants, puis réessayez.")),
    502: (_("Service momentanément indisponible"),
          _("L'application ne répond pas pour le moment. Réessayez dans quelques instants.")),
    503: (_("Service en maintenance"),
          _("Le service est en cours de maintenance ou de mise à jour. Réessayez dans quelques minutes.")),
    504: (_("Délai de réponse dépassé"),
          _("L'application a mis trop de temps à répondre. Réessayez dans quelques instants.")),
}


class Command(BaseCommand):
    help = "Write the proxy's error pages (429, 502, 503, 504) in each language into STATIC_ROOT/errors/."

    def handle(self, *args, **options):
        target = Path(settings.STATIC_ROOT) / "errors"
        target.mkdir(parents=True, exist_ok=True)
        written = 0
        for lang, _name in settings.LANGUAGES:
            with translation.override(lang):
                for code, (title, text) in PAGES.items():
                    html = render_to_string("errors/proxy.html", {"code": code, "title": title, "text": text})
                    path = target / f"{code}.{lang}.html"
                    path.write_text(html, encoding="utf-8")
                    self.stdout.write(str(path))
                    written += 1
        self.stdout.write(f"{written} page(s) written")
