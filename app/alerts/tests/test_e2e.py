"""End to end: a real Celery worker runs the scan through Redis; the emails reach a real SMTP sink."""

import email
import email.policy
import json
import os
import re
import signal
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


def start_worker(tmp_path, name, port, **extra_env):
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
        **extra_env,
    )
    out = open(tmp_path / f"{name}.out", "w")
    # The image's own start script, as the deploy runs it.
    proc = subprocess.Popen(
        ["bash", str(APP_DIR / "docker" / "start-worker"), "--concurrency", "1", "--without-gossip",
         "--without-mingle", "--hostname", f"{name}@%h"],
        cwd=APP_DIR, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
    )
    proc.out, proc.out_file = out, tmp_path / f"{name}.out"
    proc.log_file = tmp_path / "logs" / "celery" / "worker.log"
    return proc


def stop_worker(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    proc.out.close()
    print(proc.out_file.read_text()[-3000:])


@pytest.fixture
def worker(smtp_sink, tmp_path):
    proc = start_worker(tmp_path, "e2e", smtp_sink[1])
    yield proc
    stop_worker(proc)


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


FAST_REDELIVERY = {"CELERY_VISIBILITY_TIMEOUT": "5", "CELERY_UNACKED_RESTORE_INTERVAL": "2",
                   "CELERY_UNACKED_RESTORE_THROTTLE": "1"}


def raw_connection():
    import MySQLdb

    db = connection.settings_dict
    return MySQLdb.connect(host=db["HOST"], port=int(db["PORT"]), user=db["USER"], password=db["PASSWORD"],
                           database=db["NAME"], charset="utf8mb4", autocommit=False)


def test_a_task_of_a_killed_worker_is_redelivered_without_duplicates(smtp_sink, tmp_path):
    """acks_late + reject_on_worker_lost: the scan of a SIGKILLed worker runs again, once."""
    from alerts.tasks import check_project_deadlines

    project = ProjectFactory(nom="Portail des adhérents")
    responsable, _ = make_team(project, size=1)
    running(project)
    project.date_fin = today() + timedelta(days=3)
    project.save()
    # Another transaction holds the unique key of one of the alerts: the scan's INSERT waits on it.
    blocker = raw_connection()
    cur = blocker.cursor()
    cur.execute(
        "INSERT INTO alerts_alert (recipient_id, type, level, project_id, object_type, object_id, dedup_day,"
        " title, message, data, batch, is_read, created_at) VALUES (%s, 'ECHEANCE_J3', 'WARNING', %s, 'PROJECT',"
        " %s, %s, 't', 'm', '{}', 'blocker', 0, UTC_TIMESTAMP())",
        (project.createur_id, project.id, project.id, project.date_fin),
    )
    first = start_worker(tmp_path, "doomed", smtp_sink[1], **FAST_REDELIVERY)
    second = None
    try:
        result = check_project_deadlines.delay()
        watcher = raw_connection()
        wcur = watcher.cursor()

        def scan_is_waiting():
            wcur.execute("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE 'INSERT IGNORE%%'")
            return wcur.fetchone()[0] > 0

        assert wait_for(scan_is_waiting, timeout=60), "the scan never reached its INSERT"
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        blocker.rollback()
        assert wait_for(lambda: not scan_is_waiting(), timeout=30)
        watcher.close()
        assert Alert.objects.count() == 0, "the killed run committed nothing"

        second = start_worker(tmp_path, "rescuer", smtp_sink[1], **FAST_REDELIVERY)
        assert result.get(timeout=120)["created"] == 2
        assert Alert.objects.count() == 2
        assert set(Alert.objects.values_list("recipient_id", flat=True)) == {project.createur_id, responsable.id}
    finally:
        blocker.close()
        first.out.close()
        if second is not None:
            stop_worker(second)
