"""End to end: a real Celery worker runs the scan through Redis; the emails reach a real SMTP sink."""

import email
import email.policy
import json
import os
import re
import socket
import subprocess
import sys
import time
from datetime import timedelta
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.db import connection

from alerts.models import Alert
from core.dates import today
from projects.tests.factories import LigneBudgetFactory, ProjectFactory, make_team, running

APP_DIR = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


class Sink:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_sink():
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield sink, controller.port
    controller.stop()


@pytest.fixture
def worker(smtp_sink, tmp_path):
    _, port = smtp_sink
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DB_NAME=connection.settings_dict["NAME"],
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(port),
        LOG_TO_FILE="true",
        DJANGO_LOG_DIR=str(tmp_path / "logs"),
        PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}",
    )
    log = open(tmp_path / "worker.out", "w")
    # The image's own start script, as the deploy runs it.
    proc = subprocess.Popen(
        ["bash", str(APP_DIR / "docker" / "start-worker"), "--pool", "solo", "--without-gossip", "--without-mingle"],
        cwd=APP_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    proc.log_file = tmp_path / "logs" / "celery" / "worker.log"
    yield proc
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()
    print((tmp_path / "worker.out").read_text()[-3000:])


def wait_for(predicate, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


def run_scan():
    out = StringIO()
    call_command("run_alert_scan", "--wait", "--timeout", "120", stdout=out)
    return json.loads(out.getvalue())


def test_worker_scans_and_emails_reach_the_sink(smtp_sink, worker):
    sink, _ = smtp_sink
    project = ProjectFactory(nom="Refonte du portail client")
    responsable, _ = make_team(project, size=2)
    running(project)
    project.date_fin = today() + timedelta(days=3)
    project.save()
    LigneBudgetFactory(project=project, montant=Decimal("12000"))

    result = run_scan()
    assert result["tasks"]["check_project_deadlines"] == 2
    assert result["tasks"]["check_budget_overruns"] == 2
    assert result["alerts_created"] == Alert.objects.count() == 4

    assert wait_for(lambda: len(sink.messages) >= 4), f"{len(sink.messages)} email(s) received"
    recipients = sorted(m["To"] for m in sink.messages)
    assert recipients == sorted([project.createur.email, responsable.email] * 2)
    for message in sink.messages:
        assert message["Subject"].strip().startswith("[SI-Gouvernance] ")
        assert message.is_multipart()
        assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
    assert Alert.objects.filter(email_sent_at__isnull=True).count() == 0

    # Same day again: nothing new, and no email is sent twice.
    assert run_scan()["alerts_created"] == 0
    time.sleep(2)
    assert len(sink.messages) == 4

    # The worker logs to celery/worker.log: time, level and service on every line.
    lines = worker.log_file.read_text().splitlines()
    assert any("check_project_deadlines: 2 alert(s) created" in line for line in lines)
    assert all(re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z [A-Z]+ service=celery-worker ", line)
               for line in lines if line[:2] == "20")
