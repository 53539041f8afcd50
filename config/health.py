"""Readiness of what the portal depends on: database, cache and Celery broker.

Only the database is essential: without it nothing works, so /health/ answers 503 and a load
balancer takes the node out. The cache and the broker share Redis; when it blinks the cache falls
back to process-local memory (config/cache.py) and writes wait in the outbox, so the node still
serves: the check reports them "degraded" and the answer stays 200. Pulling every web node
because Redis is down would turn a degraded service into an outage.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection

OK, DEGRADED, ERROR = "ok", "degraded", "error"


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_cache() -> str:
    # The degrading backend would answer from its local fallback: ask Redis itself.
    ping = getattr(cache, "ping", None)
    if ping is not None:
        ping()
    key = f"health:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=5)
    if cache.get(key) != "1":
        raise RuntimeError("value written to the cache could not be read back")
    cache.delete(key)
    return "ok"


def _check_broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "ok (eager: tasks run in process)"
    from config.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


# name -> (check, the status its failure gives: ERROR takes the node out, DEGRADED does not)
CHECKS: dict[str, tuple[Callable[[], str], str]] = {
    "database": (_check_database, ERROR),
    "cache": (_check_cache, DEGRADED),
    "broker": (_check_broker, DEGRADED),
}


def health_report() -> tuple[bool, dict]:
    """(serving, report): each part's status (ok, degraded or error), what its check said and
    how long it took; serving is false only when an essential part failed."""
    results: dict[str, dict] = {}
    for name, (check, failure_status) in CHECKS.items():
        started = time.monotonic()
        try:
            detail = check()
            status = OK
        except Exception as exc:  # any failure of a dependency is a finding, not a crash
            status, detail = failure_status, f"{type(exc).__name__}: {exc}"
        results[name] = {
            "status": status,
            "detail": detail,
            "ms": round((time.monotonic() - started) * 1000, 1),
        }
    statuses = {result["status"] for result in results.values()}
    overall = ERROR if ERROR in statuses else DEGRADED if DEGRADED in statuses else OK
    return overall != ERROR, {"status": overall, "checks": results}


def without_details(report: dict) -> dict:
    """What an anonymous caller sees: the status of each part, nothing about why."""
    return {
        "status": report["status"],
        "checks": {name: {"status": r["status"]} for name, r in report["checks"].items()},
    }
