"""The one Celery application; configuration from Django settings (CELERY_*)."""

import os

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

app = Celery("si_gouvernance")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def use_django_logging(**kwargs):
    """Workers and beat log through Django's LOGGING (files + stdout, service name)."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)
