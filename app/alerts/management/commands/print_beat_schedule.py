"""Print the beat schedule as the beat process builds it (from the settings)."""

import json

from django.core.management.base import BaseCommand

from config.celery_app import app


class Command(BaseCommand):
    help = "JSON: task name -> minute, hour, expires seconds."

    def handle(self, *args, **options):
        out = {}
        for entry in app.conf.beat_schedule.values():
            schedule = entry["schedule"]
            out[entry["task"]] = {
                "minute": schedule._orig_minute,
                "hour": schedule._orig_hour,
                "expires": entry.get("options", {}).get("expires"),
            }
        self.stdout.write(json.dumps(out, indent=2, sort_keys=True))
