import pytest
from django.core import mail

from alerts.models import Alert
from alerts.services import AlertEvent, store_alerts
from alerts.tasks import send_alert_emails
from alerts.tests.factories import AlertFactory
from core.dates import today


def new_alert(user, object_id):
    return AlertEvent([user.id], Alert.Type.RETARD_ETAPE, "WARNING", None, "PHASE", object_id, today(),
                      f"Phase {object_id} en retard", "m", {})


def test_email_task_is_queued_after_commit_only(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        assert store_alerts([new_alert(user, 1), new_alert(user, 2)]) == 2
    assert len(callbacks) == 1, "one email task per batch, queued on commit"
    with django_capture_on_commit_callbacks() as callbacks:
        assert store_alerts([new_alert(user, 1)]) == 0
    assert callbacks == [], "nothing new, nothing queued"


def test_one_html_email_per_alert_never_twice(user):
    AlertFactory.create_batch(3, recipient=user, batch="b1")
    AlertFactory(batch="b1", recipient__email="")
    assert send_alert_emails("b1")["sent"] == 3
    assert len(mail.outbox) == 3
    msg = mail.outbox[0]
    assert msg.subject.startswith("[SI-Gouvernance] ")
    assert msg.to == [user.email]
    assert msg.alternatives[0].mimetype == "text/html"
    assert "<h1>" in msg.alternatives[0].content
    assert send_alert_emails("b1")["sent"] == 0
    assert len(mail.outbox) == 3
    assert Alert.objects.filter(batch="b1", email_sent_at__isnull=False).count() == 3


@pytest.mark.django_db
def test_alert_save_sends_nothing_by_itself(user):
    AlertFactory(recipient=user)
    assert mail.outbox == []
