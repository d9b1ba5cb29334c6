"""Operational tasks: a probe that shows which worker runs a task, and when."""

import socket
import time

from celery import shared_task

PROBE_MAX_SECONDS = 30.0


@shared_task(name="core.tasks.probe")
def probe(seconds=0.0):
    """Hold a worker slot for SECONDS (at most 30), then name the worker that ran it.

    Operators (and the scaling drill) send a burst of probes to see the work spread
    over the workers, and count the executions in the workers' log.
    """
    seconds = min(max(float(seconds), 0.0), PROBE_MAX_SECONDS)
    started = time.monotonic()
    time.sleep(seconds)
    return {"worker": socket.gethostname(), "seconds": round(time.monotonic() - started, 3)}
