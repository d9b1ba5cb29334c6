"""Environment access: one django-environ instance, plus *_FILE secrets."""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()


def secret(name, default=None, required=False):
    """Value of NAME, or the content of the file named by NAME_FILE.

    NAME_FILE wins (Docker secrets). With required=True a missing value stops
    the start-up with a message naming both variables.
    """
    file_var = f"{name}_FILE"
    path = env.str(file_var, default="")
    if path:
        try:
            value = Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{file_var}={path} cannot be read: {exc}") from exc
    else:
        value = env.str(name, default="")
    if not value:
        if required:
            raise ImproperlyConfigured(
                f"Set {name} (or {file_var}, a file holding it): it is required in production."
            )
        return default
    return value


def required(name, cast=str):
    """A required non-secret variable: refuse to start without it."""
    raw = env.str(name, default="")
    if not raw.strip():
        raise ImproperlyConfigured(f"Set {name}: it is required in production.")
    return env(name, cast=cast) if cast is not str else raw
