"""Send the five scan tasks to the broker; with --wait, wait and print the alerts created."""

import json

from django.core.management.base import BaseCommand, CommandError

from alerts import tasks
from config.alerts_schedule import ALERT_TASKS


class Command(BaseCommand):
    help = "Queue the five alert scans (through the broker); --wait prints JSON with the alerts created."

    def add_arguments(self, parser):
        parser.add_argument("--wait", action="store_true", help="wait for the results")
        parser.add_argument("--timeout", type=int, default=600)

    def handle(self, *args, wait=False, timeout=600, **options):
        results = {name.rsplit(".", 1)[1]: getattr(tasks, name.rsplit(".", 1)[1]).delay() for name in ALERT_TASKS}
        if not wait:
            self.stdout.write(json.dumps({"queued": {k: r.id for k, r in results.items()}}))
            return
        out = {}
        try:
            for name, result in results.items():
                out[name] = result.get(timeout=timeout)["created"]
        except Exception as exc:
            raise CommandError(f"scan failed or timed out: {exc}") from exc
        self.stdout.write(json.dumps({"alerts_created": sum(out.values()), "tasks": out}, sort_keys=True))
