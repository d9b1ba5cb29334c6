"""Tests: the real MariaDB and Redis, fast hashing, no log files."""

from .base import *  # noqa: F403
from .base import LOGGING, env

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="test-only-key-" + "x" * 40)
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
LOGGING["handlers"]["file"]["enabled"] = env.bool("LOG_TO_FILE", default=False)
