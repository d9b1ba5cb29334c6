"""/health/ (liveness, no database) and /health/ready/ (database, broker, migrations)."""

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def live(request):
    return JsonResponse({"status": "ok"})


def check_database():
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


class Degraded(Exception):
    """The service answers but cannot do its work (e.g. a broker at its memory ceiling)."""


def check_broker():
    from config.celery_app import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
        client = conn.default_channel.client
        client.ping()
        # At maxmemory with noeviction Redis still answers PING but refuses every
        # new task: the instance cannot do its work.
        memory = client.info("memory")
        if memory.get("maxmemory") and memory.get("used_memory", 0) >= memory["maxmemory"]:
            raise Degraded(
                f"used memory {memory['used_memory']} B reached maxmemory {memory['maxmemory']} B:"
                " new tasks are refused until memory is freed"
            )


def check_migrations():
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        raise RuntimeError(f"{len(plan)} unapplied migration(s)")


CHECKS = {"database": check_database, "broker": check_broker, "migrations": check_migrations}


@never_cache
@require_GET
def ready(request):
    results, ok = {}, True
    for name, check in CHECKS.items():
        try:
            check()
            results[name] = "ok"
        except Degraded as exc:
            ok = False
            results[name] = f"degraded: {exc}"[:300]
        except Exception as exc:  # any failure makes the instance not ready
            ok = False
            results[name] = f"error: {exc.__class__.__name__}: {exc}"[:300]
    return JsonResponse({"status": "ok" if ok else "error", "checks": results}, status=200 if ok else 503)
