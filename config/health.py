"""Readiness of what the portal depends on: database, cache and Celery broker."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_cache() -> str:
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


CHECKS: dict[str, Callable[[], str]] = {
    "database": _check_database,
    "cache": _check_cache,
    "broker": _check_broker,
}


def health_report() -> tuple[bool, dict]:
    results: dict[str, dict] = {}
    healthy = True
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            detail = check()
            status = "ok"
        except Exception as exc:  # any failure of a dependency is a finding, not a crash
            healthy = False
            status, detail = "error", f"{type(exc).__name__}: {exc}"
        results[name] = {
            "status": status,
            "detail": detail,
            "ms": round((time.monotonic() - started) * 1000, 1),
        }
    return healthy, {"status": "ok" if healthy else "error", "checks": results}
