"""What is configured is what beat runs."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.alerts_schedule import build_beat_schedule, expires_seconds, get_alerts_frequency

APP_DIR = Path(__file__).resolve().parents[2]

# Builds the scheduler exactly as `celery beat` does and dumps what it will run.
BEAT_DUMP = """
import json, sys
from config.celery_app import app
from celery.beat import Service
service = Service(app=app, schedule_filename=sys.argv[1])
out = {}
for entry in service.scheduler.schedule.values():
    if entry.task.startswith("alerts."):
        out[entry.task] = {"minute": sorted(entry.schedule.minute), "hour": sorted(entry.schedule.hour),
                           "expires": entry.options.get("expires")}
service.scheduler.close()
print(json.dumps(out))
"""


def beat_schedule(tmp_path, hours):
    env = dict(os.environ, CELERY_ALERTS_FREQUENCY_HOURS=str(hours), LOG_STREAM="stderr")
    result = subprocess.run([sys.executable, "-c", BEAT_DUMP, str(tmp_path / f"beat-{hours}")], cwd=APP_DIR,
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_default_is_four_hours():
    assert get_alerts_frequency({}) == 4


@pytest.mark.parametrize("hours", [1, 2, 3, 4, 6, 8, 12, 24])
def test_divisors_of_24_are_accepted(hours):
    assert get_alerts_frequency({"CELERY_ALERTS_FREQUENCY_HOURS": str(hours)}) == hours
    assert 0 < expires_seconds(hours) < hours * 3600


@pytest.mark.parametrize("raw", ["0", "5", "7", "48", "-4", "four", "2.5"])
def test_anything_else_is_refused(raw):
    with pytest.raises(ImproperlyConfigured, match="CELERY_ALERTS_FREQUENCY_HOURS"):
        get_alerts_frequency({"CELERY_ALERTS_FREQUENCY_HOURS": raw})


def test_each_task_has_its_own_minute():
    schedule = build_beat_schedule(6)
    minutes = sorted(int(e["schedule"]._orig_minute) for e in schedule.values())
    assert minutes == [0, 5, 10, 15, 20]
    assert {e["schedule"]._orig_hour for e in schedule.values()} == {"*/6"}


def test_the_variable_changes_what_beat_runs(tmp_path):
    every_hour, every_six = beat_schedule(tmp_path, 1), beat_schedule(tmp_path, 6)
    assert len(every_six) == 5
    deadlines = "alerts.tasks.check_project_deadlines"
    assert every_hour[deadlines]["hour"] == list(range(24))
    assert every_six[deadlines]["hour"] == [0, 6, 12, 18]
    assert every_six["alerts.tasks.check_budget_overruns"]["minute"] == [15]
    assert every_hour[deadlines]["expires"] == expires_seconds(1) > 0
    assert every_six[deadlines]["expires"] == expires_seconds(6)


def test_a_bad_value_stops_the_start(tmp_path):
    env = dict(os.environ, CELERY_ALERTS_FREQUENCY_HOURS="5")
    result = subprocess.run([sys.executable, "manage.py", "print_beat_schedule"], cwd=APP_DIR, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "CELERY_ALERTS_FREQUENCY_HOURS='5' is not allowed" in result.stderr


def test_print_beat_schedule(tmp_path):
    env = dict(os.environ, CELERY_ALERTS_FREQUENCY_HOURS="12")
    result = subprocess.run([sys.executable, "manage.py", "print_beat_schedule"], cwd=APP_DIR, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["alerts.tasks.check_task_deadlines"] == {"minute": "10", "hour": "*/12", "expires": expires_seconds(12)}


def test_start_beat_runs_and_logs_to_beat_log(tmp_path):
    env = dict(os.environ, DJANGO_LOG_DIR=str(tmp_path), LOG_TO_FILE="true", CELERY_ALERTS_FREQUENCY_HOURS="2",
               CELERY_BEAT_SCHEDULE_FILENAME=str(tmp_path / "beat-schedule"),
               PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}")
    proc = subprocess.Popen(["bash", str(APP_DIR / "docker" / "start-beat")], cwd=APP_DIR, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    log = tmp_path / "celery" / "beat.log"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (log.exists() and "beat: Starting" in log.read_text()):
            time.sleep(0.5)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    lines = [line for line in log.read_text().splitlines() if line.startswith("20")]
    assert any("beat: Starting" in line for line in lines)
    assert all(" service=celery-beat " in line for line in lines)
