"""'Today' is a date in Europe/Paris, computed by the application (not by the database)."""

from zoneinfo import ZoneInfo

from django.utils import timezone

PARIS = ZoneInfo("Europe/Paris")


def today():
    return timezone.now().astimezone(PARIS).date()
