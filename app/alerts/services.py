"""Storing alerts: one multi-row INSERT IGNORE per batch; the unique constraint absorbs duplicates."""

import uuid
from typing import NamedTuple

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from .models import Alert

# Rows go straight to the database: at 10,000 projects a scan stores tens of
# thousands of alerts, and the ORM's per-field preparation would dominate.
COLUMNS = ("recipient_id", "type", "level", "project_id", "object_type", "object_id", "dedup_day",
           "title", "message", "data", "batch", "is_read", "created_at")
# mysqlclient's executemany packs the rows into multi-row INSERTs of at most this size.
MAX_STATEMENT_BYTES = 8 * 1024 * 1024


class AlertRow(NamedTuple):
    recipient_id: int
    type: str
    level: str
    project_id: int | None
    object_type: str
    object_id: int
    dedup_day: object
    title: str
    message: str
    data: dict


def _row(alert):
    if isinstance(alert, AlertRow):
        return alert
    return AlertRow(alert.recipient_id, alert.type, alert.level, alert.project_id, alert.object_type,
                    alert.object_id, alert.dedup_day, alert.title, alert.message, alert.data or {})


def store_alerts(alerts):
    """Insert the alerts that do not exist yet; email the new ones after commit.

    Returns the number of alerts really created. Rows that hit the unique
    constraint (same recipient, type, object and day) are dropped by the
    database (INSERT IGNORE, as bulk_create(ignore_conflicts=True) does on
    MariaDB), so concurrent workers or a redelivered task cannot duplicate.
    """
    if not alerts:
        return 0
    batch = uuid.uuid4().hex
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    encode = DjangoJSONEncoder().encode
    rows = [
        (*r[:9], encode(r.data), batch, False, now)
        for r in map(_row, alerts)
    ]
    table = connection.ops.quote_name(Alert._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)
    sql = f"INSERT IGNORE INTO {table} ({cols}) VALUES ({', '.join(['%s'] * len(COLUMNS))})"
    with transaction.atomic():
        with connection.cursor() as cursor:
            raw = cursor.cursor  # the backend's wrapper, then MySQLdb's cursor
            raw = getattr(raw, "cursor", raw)
            raw.max_stmt_length = MAX_STATEMENT_BYTES
            cursor.executemany(sql, rows)
        created = Alert.objects.filter(batch=batch).count()
        if created:
            from .tasks import send_alert_emails

            send_alert_emails.delay_on_commit(batch)
    return created


def unique_recipients(*user_ids):
    """Distinct, non-empty recipient ids, in order."""
    return list(dict.fromkeys(uid for uid in user_ids if uid))
