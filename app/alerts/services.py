"""Storing alerts: one bulk insert per batch; the unique constraint absorbs duplicates."""

import uuid

from django.db import transaction

from .models import Alert


def store_alerts(alerts):
    """Insert the alerts that do not exist yet; email the new ones after commit.

    Returns the number of alerts really created. Rows that hit the unique
    constraint (same recipient, type, object and day) are dropped by the
    database, so concurrent workers or a redelivered task cannot duplicate.
    """
    if not alerts:
        return 0
    batch = uuid.uuid4().hex
    for alert in alerts:
        alert.batch = batch
    with transaction.atomic():
        Alert.objects.bulk_create(alerts, ignore_conflicts=True)
        created = Alert.objects.filter(batch=batch).count()
        if created:
            from .tasks import send_alert_emails

            send_alert_emails.delay_on_commit(batch)
    return created


def unique_recipients(*user_ids):
    """Distinct, non-empty recipient ids, in order."""
    return list(dict.fromkeys(uid for uid in user_ids if uid))
