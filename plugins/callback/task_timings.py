# Times each task on the controller's monotonic clock (the wall clock of a test
# machine can jump) and writes one JSON line per task to the file named by
# TASK_TIMINGS_FILE: its name (with its role's), role, seconds, and the status of its results.
# Used by scripts/bench-provision.sh; enable it with
#   ANSIBLE_CALLBACK_PLUGINS=plugins/callback ANSIBLE_CALLBACKS_ENABLED=task_timings
from __future__ import annotations

import json
import os
import time

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = """
name: task_timings
type: aggregate
short_description: One JSON line per task with its duration (monotonic clock)
description:
  - Writes to the file named by the environment variable TASK_TIMINGS_FILE.
requirements:
  - enable in configuration
"""


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "task_timings"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super().__init__()
        self._path = os.environ.get("TASK_TIMINGS_FILE")
        self._current = None

    def _close(self):
        if self._current is None or not self._path:
            return
        start = self._current.pop("_start")
        record = dict(self._current, status=sorted(self._current["status"]), seconds=round(time.monotonic() - start, 3))
        with open(self._path, "a", encoding="utf-8") as out:
            out.write(json.dumps(record) + "\n")
        self._current = None

    def _start(self, task, handler=False):
        self._close()
        role = task._role.get_name() if task._role else ""
        self._current = {"_start": time.monotonic(), "task": task.get_name(), "role": role,
                         "handler": handler, "status": set()}

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._start(task)

    def v2_playbook_on_handler_task_start(self, task):
        self._start(task, handler=True)

    def _result(self, status, result):
        if self._current is not None:
            if status == "ok" and result._result.get("changed"):
                status = "changed"
            self._current["status"].add(status)

    def v2_runner_on_ok(self, result):
        self._result("ok", result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._result("failed", result)

    def v2_runner_on_skipped(self, result):
        self._result("skipped", result)

    def v2_runner_on_unreachable(self, result):
        self._result("unreachable", result)

    def v2_playbook_on_stats(self, stats):
        self._close()
