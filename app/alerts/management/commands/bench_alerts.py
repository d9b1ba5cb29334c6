"""Benchmark: build N projects, run the five scans, print seconds and queries per run."""

import json
import time

from django.core.management.base import BaseCommand
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from alerts.dataset import build_dataset
from alerts.models import Alert
from alerts.scans import SCANS
from core.dates import today


class Command(BaseCommand):
    help = "Create N projects (tasks, budget lines, contracts), run the five alert scans, print timings."

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=1000)
        parser.add_argument("--runs", type=int, default=2, help="runs of the five scans (2nd = same day, dedup)")

    def handle(self, *args, projects, runs, **options):
        day = today()
        started = time.perf_counter()
        prefix = f"bench{int(time.time())}"
        build_dataset(projects, day, prefix=prefix)
        build_s = time.perf_counter() - started
        results = []
        for run in range(1, runs + 1):
            reset_queries()
            per_task = {}
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                for name, scan in SCANS.items():
                    t = time.perf_counter()
                    n0 = len(ctx.captured_queries)
                    created = scan(day)
                    per_task[name] = {"created": created, "seconds": round(time.perf_counter() - t, 3),
                                      "queries": len(ctx.captured_queries) - n0}
                seconds = time.perf_counter() - t0
            results.append({"run": run, "seconds": round(seconds, 3), "queries": len(ctx.captured_queries),
                            "alerts_created": sum(v["created"] for v in per_task.values()), "tasks": per_task})
        out = {"projects": projects, "build_seconds": round(build_s, 1), "alerts_total": Alert.objects.count(),
               "runs": results}
        self.stdout.write(json.dumps(out, indent=2))
