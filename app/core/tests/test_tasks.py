"""The probe task: bounded, and names the worker."""

import socket

from core.tasks import PROBE_MAX_SECONDS, probe


def test_probe_names_the_worker_and_holds_the_slot():
    result = probe.run(0.05)
    assert result["worker"] == socket.gethostname()
    assert 0.05 <= result["seconds"] < 1


def test_probe_is_bounded(monkeypatch):
    slept = []
    monkeypatch.setattr("core.tasks.time.sleep", slept.append)
    probe.run(10_000)
    probe.run(-5)
    assert slept == [PROBE_MAX_SECONDS, 0.0]
