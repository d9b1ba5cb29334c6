"""Production: behind the TLS proxy; refuses to start without its secrets."""

from config.env import env, required, secret

from .base import *  # noqa: F403
from .base import DATABASES

DEBUG = False
SECRET_KEY = secret("DJANGO_SECRET_KEY", required=True)
# Keys retired by a rotation, one per line: sessions and signed links made with
# them stay valid while new ones are signed with SECRET_KEY (Django 4.1+).
SECRET_KEY_FALLBACKS = [
    key for key in (secret("DJANGO_SECRET_KEY_FALLBACKS", default="") or "").splitlines() if key.strip()
]
ALLOWED_HOSTS = required("DJANGO_ALLOWED_HOSTS", cast=list)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
if not CSRF_TRUSTED_ORIGINS:
    CSRF_TRUSTED_ORIGINS = [f"https://{host.lstrip('.')}" for host in ALLOWED_HOSTS if host != "*"]

DATABASES["default"]["HOST"] = required("DB_HOST")
DATABASES["default"]["NAME"] = required("DB_NAME")
DATABASES["default"]["USER"] = required("DB_USER")
DATABASES["default"]["PASSWORD"] = secret("DB_PASSWORD", required=True)

# Hashed file names, so the proxy can serve /static/ as immutable for 30 days.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}

# TLS terminates at the proxy, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# The health endpoints are probed over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
# The security headers below are owned by the nginx front, which sends each once on
# every response and drops these copies; they stay for runs without the front.
# HSTS preload is an operator's opt-in (nginx_config_hsts_preload), never a default.
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# The architecture asks for SAMEORIGIN (the proxy sends the same value).
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W019"]  # noqa: F405
if not SECURE_HSTS_PRELOAD:
    # W021 asks for preload; it is the operator's opt-in, not a default.
    SILENCED_SYSTEM_CHECKS.append("security.W021")
