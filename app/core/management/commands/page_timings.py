"""Server time of the heaviest pages, as a user sees them.

    python manage.py page_timings --username admin [--repeat 20] [--path /projets/?filtre=risque ...]

Each page is rendered by Django's test client, logged in as that user, through the whole
middleware stack (with the production settings too: an allowed host, over "https"). A first
request warms up and is not counted. Prints one JSON line per page:
    {"path": "/", "status": 200, "queries": 11, "median_ms": 24.1, "max_ms": 31.0, "repeat": 20,
     "median_sql_ms": 9.2, "median_cpu_ms": 13.5}
queries: the SQL statements of one request; median_sql_ms: the time spent waiting for them;
median_cpu_ms: this process's CPU time (on a busy machine, wall time minus waiting for a CPU).
"""

import json
import statistics
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client

PAGES = ["/", "/projets/", "/alertes/"]


class QueryCounter:
    def __init__(self):
        self.count, self.seconds = 0, 0.0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


def allowed_host():
    """A host name the settings accept ('.example.org' accepts example.org)."""
    for host in settings.ALLOWED_HOSTS:
        if host != "*":
            return host.lstrip(".")
    return "localhost"


class Command(BaseCommand):
    help = "Time the dashboard, the project list and the alerts page as a user; one JSON line per page."

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--repeat", type=int, default=20)
        parser.add_argument("--path", action="append", dest="paths",
                            help=f"a page to time, repeatable (default: {' '.join(PAGES)})")

    def handle(self, *args, username, repeat, paths, **options):
        if repeat < 1:
            raise CommandError("--repeat must be at least 1")
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}")
        client = Client(HTTP_HOST=allowed_host())
        client.force_login(user)
        try:
            for path in paths or PAGES:
                self.stdout.write(json.dumps(self.measure(client, path, repeat)))
        finally:
            client.logout()

    @staticmethod
    def measure(client, path, repeat):
        counter = QueryCounter()
        timings, sql, cpu = [], [], []
        for run in range(repeat + 1):
            counter.count, counter.seconds = 0, 0.0
            with connection.execute_wrapper(counter):
                started, cpu_started = time.perf_counter(), time.process_time()
                response = client.get(path, secure=True)
                elapsed, cpu_used = time.perf_counter() - started, time.process_time() - cpu_started
            if run:  # the first one warms up
                timings.append(elapsed * 1000)
                sql.append(counter.seconds * 1000)
                cpu.append(cpu_used * 1000)
        return {"path": path, "status": response.status_code, "queries": counter.count,
                "median_ms": round(statistics.median(timings), 1), "max_ms": round(max(timings), 1),
                "repeat": repeat, "median_sql_ms": round(statistics.median(sql), 1),
                "median_cpu_ms": round(statistics.median(cpu), 1)}
