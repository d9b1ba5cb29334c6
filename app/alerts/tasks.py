"""Celery tasks: the five scheduled scans and the alert emails."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils import timezone

from . import scans
from .models import Alert

logger = logging.getLogger(__name__)


def _scan_task(name):
    scan = scans.SCANS[name]

    def run():
        created = scan()
        logger.info("%s: %d alert(s) created", name, created)
        return {"task": name, "created": created}

    run.__name__ = name
    run.__doc__ = scan.__doc__
    return shared_task(name=f"alerts.tasks.{name}")(run)


check_project_deadlines = _scan_task("check_project_deadlines")
check_phase_delays = _scan_task("check_phase_delays")
check_task_deadlines = _scan_task("check_task_deadlines")
check_budget_overruns = _scan_task("check_budget_overruns")
check_contract_expirations = _scan_task("check_contract_expirations")


def build_email(alert, connection=None):
    context = {"alert": alert, "site_url": settings.SITE_URL}
    msg = EmailMultiAlternatives(
        subject=f"{settings.EMAIL_SUBJECT_PREFIX}{alert.title}",
        body=render_to_string("alerts/email/alert.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[alert.recipient.email],
        connection=connection,
    )
    msg.attach_alternative(render_to_string("alerts/email/alert.html", context), "text/html")
    return msg


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def send_alert_emails(self, batch):
    """Send one email per alert of the batch; each alert is claimed first, so never twice."""
    sent = 0
    pending = (
        Alert.objects.filter(batch=batch, email_sent_at__isnull=True)
        .exclude(recipient__email="")
        .select_related("recipient")
    )
    with get_connection() as connection:
        for alert in pending.iterator(chunk_size=500):
            claimed = Alert.objects.filter(pk=alert.pk, email_sent_at__isnull=True).update(
                email_sent_at=timezone.now()
            )
            if not claimed:
                continue
            try:
                build_email(alert, connection).send()
            except Exception as exc:
                Alert.objects.filter(pk=alert.pk).update(email_sent_at=None)
                logger.warning("email for alert %s failed: %s", alert.pk, exc)
                raise self.retry(exc=exc)
            sent += 1
    return {"batch": batch, "sent": sent}
