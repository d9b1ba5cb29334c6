"""The alert schedule, built from CELERY_ALERTS_FREQUENCY_HOURS.

Used by the settings (so beat runs exactly this) and by print_beat_schedule.
"""

import os

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

ALLOWED_FREQUENCIES = (1, 2, 3, 4, 6, 8, 12, 24)
DEFAULT_FREQUENCY = 4

# task name -> minute offset
ALERT_TASKS = {
    "alerts.tasks.check_project_deadlines": 0,
    "alerts.tasks.check_phase_delays": 5,
    "alerts.tasks.check_task_deadlines": 10,
    "alerts.tasks.check_budget_overruns": 15,
    "alerts.tasks.check_contract_expirations": 20,
}


def get_alerts_frequency(environ=None):
    """Hours between two runs of each alert task; a divisor of 24."""
    environ = os.environ if environ is None else environ
    raw = str(environ.get("CELERY_ALERTS_FREQUENCY_HOURS", "")).strip()
    if not raw:
        return DEFAULT_FREQUENCY
    try:
        hours = int(raw)
    except ValueError:
        hours = None
    if hours not in ALLOWED_FREQUENCIES:
        allowed = ", ".join(str(h) for h in ALLOWED_FREQUENCIES)
        raise ImproperlyConfigured(
            f"CELERY_ALERTS_FREQUENCY_HOURS={raw!r} is not allowed: use one of {allowed} "
            "(a divisor of 24, so that runs fall at the same hours every day)."
        )
    return hours


def expires_seconds(hours):
    """A run that has not started before the next one is due is dropped."""
    return int(hours * 3600 * 0.9)


def build_beat_schedule(hours):
    hour = f"*/{hours}"
    return {
        name.rsplit(".", 1)[1].replace("_", "-"): {
            "task": name,
            "schedule": crontab(minute=str(offset), hour=hour),
            "options": {"expires": expires_seconds(hours)},
        }
        for name, offset in ALERT_TASKS.items()
    }
