"""Benchmark: build N projects, run the five scans, print seconds and queries per run."""

import json
import resource
import time

from django.core.management.base import BaseCommand
from django.db import connection

from alerts.dataset import build_dataset
from alerts.models import Alert
from alerts.scans import SCANS
from core.dates import today


class QueryCounter:
    """Counts the SQL statements sent (without the debug cursor's cost)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class Command(BaseCommand):
    help = "Create N projects (tasks, budget lines, contracts), run the five alert scans, print timings."

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=1000)
        parser.add_argument("--runs", type=int, default=2, help="runs of the five scans (2nd = same day, dedup)")
        parser.add_argument("--phase", choices=["all", "build", "scan"], default="all",
                            help="build the data set, scan it, or both (separate processes measure memory apart)")

    def handle(self, *args, projects, runs, phase, **options):
        day = today()
        started = time.perf_counter()
        if phase != "scan":
            build_dataset(projects, day, prefix=f"bench{int(time.time())}")
        build_s = time.perf_counter() - started
        if phase == "build":
            self.stdout.write(json.dumps({"projects": projects, "build_seconds": round(build_s, 1)}))
            return
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        results = []
        counter = QueryCounter()
        for run in range(1, runs + 1):
            counter.count = 0
            per_task = {}
            with connection.execute_wrapper(counter):
                t0 = time.perf_counter()
                for name, scan in SCANS.items():
                    t, n0 = time.perf_counter(), counter.count
                    created = scan(day)
                    per_task[name] = {"created": created, "seconds": round(time.perf_counter() - t, 3),
                                      "queries": counter.count - n0}
                seconds = time.perf_counter() - t0
            results.append({"run": run, "seconds": round(seconds, 3), "queries": counter.count,
                            "alerts_created": sum(v["created"] for v in per_task.values()), "tasks": per_task})
        out = {"projects": projects, "build_seconds": round(build_s, 1), "alerts_total": Alert.objects.count(),
               # Peak resident memory of this process (kB) before and after the scans.
               "max_rss_kb_before_scans": rss_before,
               "max_rss_kb_after_scans": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
               "runs": results}
        self.stdout.write(json.dumps(out, indent=2))
