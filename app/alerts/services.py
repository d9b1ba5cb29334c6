"""Storing alerts: multi-row INSERT IGNORE statements; the unique constraint absorbs duplicates."""

import uuid
from typing import NamedTuple

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from .models import Alert

COLUMNS = ("recipient_id", "type", "level", "project_id", "object_type", "object_id", "dedup_day",
           "title", "message", "data", "batch", "is_read", "created_at")
# One INSERT carries up to this many bytes (the image's max_allowed_packet is 64 MB,
# MariaDB's default 16 MB): a scan is one statement up to tens of thousands of alerts.
MAX_STATEMENT_BYTES = 12 * 1024 * 1024


class AlertEvent(NamedTuple):
    """One alert about one object, for several recipients."""

    recipients: list
    type: str
    level: str
    project_id: int | None
    object_type: str
    object_id: int
    dedup_day: object
    title: str
    message: str
    data: dict


def _statements(events, batch, now):
    """Multi-row INSERT IGNORE statements; the text shared by the recipients is escaped once."""
    literal = connection.connection.literal
    encode = DjangoJSONEncoder().encode
    head = "INSERT IGNORE INTO {} ({}) VALUES ".format(
        connection.ops.quote_name(Alert._meta.db_table), ", ".join(connection.ops.quote_name(c) for c in COLUMNS)
    ).encode()
    tail = b"," + b",".join(literal(v) for v in (batch, False, now)) + b")"
    parts, size = [], len(head)
    for e in events:
        common = b"," + b",".join(literal(v) for v in (
            e.type, e.level, e.project_id, e.object_type, e.object_id, e.dedup_day, e.title, e.message,
            encode(e.data or {}),
        )) + tail
        for uid in e.recipients:
            row = b"(" + str(int(uid)).encode() + common
            if parts and size + len(row) + 1 > MAX_STATEMENT_BYTES:
                yield head + b",".join(parts)
                parts, size = [], len(head)
            parts.append(row)
            size += len(row) + 1
    if parts:
        yield head + b",".join(parts)


def store_alerts(events):
    """Insert the alerts that do not exist yet; email the new ones after commit.

    Returns the number of alerts really created. Rows that hit the unique
    constraint (same recipient, type, object and day) are dropped by the
    database (INSERT IGNORE, what bulk_create(ignore_conflicts=True) emits on
    MariaDB), so concurrent workers or a redelivered task cannot duplicate.
    """
    batch = uuid.uuid4().hex
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    created = 0
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Events are consumed as they come: at most one statement's worth is held.
            for statement in _statements((e for e in events if e.recipients), batch, now):
                cursor.execute(statement)
                created += cursor.rowcount  # rows inserted; the ignored duplicates count 0
        if created:
            from .tasks import send_alert_emails

            send_alert_emails.delay_on_commit(batch)
    return created


def unique_recipients(*user_ids):
    """Distinct, non-empty recipient ids, in order."""
    return list(dict.fromkeys(uid for uid in user_ids if uid))
