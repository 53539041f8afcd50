"""Read replicas: a web request reads from one until it writes; everything else, the primary.

Settings list the replicas (`DATABASE_REPLICA_URLS` → aliases `replica1`, `replica2`, … in
`DATABASE_REPLICAS`); with none, the router answers None everywhere and Django routes as it does
with one database. With replicas:

- Writes go to the primary, and so does every query Django makes "for write": `select_for_update`,
  `get_or_create`, `update_or_create`, a save, a delete, an update.
- Reads go to a replica only inside a web request (`ReadYourWritesMiddleware`) or a block that asks
  for it (`replica_reads()`). Tasks, commands, the shell and migrations read the primary: a task
  usually follows a write just committed (the outbox enqueues `handle_event` on commit), and a
  replica a few milliseconds behind would not have the row yet.
- Read-your-writes. Once a request writes (through the ORM, which asks the router, or through a
  raw cursor on the primary, which the middleware watches), its later reads go to the primary.
  The response then carries a cookie, `READ_PRIMARY_COOKIE`, holding the time until which that
  browser's requests read the primary (`DATABASE_READ_YOUR_WRITES_SECONDS`, 10 by default: many
  times a healthy replica's lag), so the page after a form's redirect shows what was just saved.
  A cookie, not a session flag: it needs no session write and covers anonymous visitors too. A
  client can only make its own requests read the primary with it, for at most that many seconds
  from now, so it needs no signature. API clients that drop cookies get read-your-writes within
  a request; across requests, they read a replica within its lag.
- Inside `transaction.atomic()` every read goes to the primary: a transaction's reads must see
  its writes and hold its locks.
- Migrations run only on the primary; a replica receives them by streaming.

`docs/scale-out.md` describes the set-up; `scripts/replica` starts a local streaming replica.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections

PRIMARY = DEFAULT_DB_ALIAS
READ_PRIMARY_COOKIE = "gp_read_primary"
_READ_ONLY_STATEMENTS = ("select", "show", "savepoint", "release", "rollback")


@dataclass
class _Routing:
    """Where the current request (or block) reads. Mutable, so a write seen in a copied context
    (asgiref's sync_to_async copies it) still reaches the middleware."""

    replicas_allowed: bool
    wrote: bool = False


_routing: ContextVar[_Routing | None] = ContextVar("db_router_routing", default=None)


def replica_aliases() -> list[str]:
    return list(getattr(settings, "DATABASE_REPLICAS", ()))


def replica_databases(urls: list[str], *, primary: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """DATABASES entries `replica1`… for DATABASE_REPLICA_URLS, with the primary's connection
    settings. In tests each mirrors the primary's test database (a streaming replica has it)."""
    import environ

    replicas: dict[str, dict[str, Any]] = {}
    for number, url in enumerate(urls, start=1):
        try:
            config = environ.Env.db_url_config(url)
        except Exception:  # django-environ raises several types; the URL may hold a password
            config = {}
        if config.get("ENGINE") != primary.get("ENGINE"):
            raise ImproperlyConfigured(
                f"DATABASE_REPLICA_URLS: entry {number} is not a PostgreSQL URL like the primary's "
                "(postgres://user@host:port/name)."
            )
        config["CONN_MAX_AGE"] = primary.get("CONN_MAX_AGE", 0)
        config["CONN_HEALTH_CHECKS"] = primary.get("CONN_HEALTH_CHECKS", False)
        if "pool" in primary.get("OPTIONS", {}):
            config.setdefault("OPTIONS", {})["pool"] = dict(primary["OPTIONS"]["pool"])
        config["TEST"] = {"MIRROR": PRIMARY}
        replicas[f"replica{number}"] = config
    return replicas


def _note_write() -> None:
    routing = _routing.get()
    if routing is not None:
        routing.wrote = True


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints) -> str | None:
        replicas = replica_aliases()
        if not replicas:
            return None
        routing = _routing.get()
        if routing is None or not routing.replicas_allowed or routing.wrote:
            return PRIMARY
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return random.choice(replicas)  # noqa: S311 - spreading load, not a secret

    def db_for_write(self, model, **hints) -> str | None:
        if not replica_aliases():
            return None
        _note_write()
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # A replica holds the primary's rows: an object read there may point at one saved here.
        pool = {PRIMARY, *replica_aliases()}
        if obj1._state.db in pool and obj2._state.db in pool:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, model_name=None, **hints) -> bool:
        return db == PRIMARY


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads in this block may go to a replica (a report or an export that tolerates its lag)."""
    token = _routing.set(_Routing(replicas_allowed=True))
    try:
        yield
    finally:
        _routing.reset(token)


@contextmanager
def primary_reads() -> Iterator[None]:
    """Reads in this block go to the primary, whatever the request did before."""
    token = _routing.set(_Routing(replicas_allowed=False))
    try:
        yield
    finally:
        _routing.reset(token)


def _watch_raw_writes(execute, sql, params, many, context):
    # A raw cursor's INSERT/UPDATE/DELETE (COPY, bulk SQL) never asks the router.
    if not str(sql).lstrip().lower().startswith(_READ_ONLY_STATEMENTS):
        _note_write()
    return execute(sql, params, many, context)


def _wrote_recently(request) -> bool:
    try:
        until = int(request.COOKIES.get(READ_PRIMARY_COOKIE, ""))
    except ValueError:
        return False
    now = time.time()
    return now < until <= now + settings.DATABASE_READ_YOUR_WRITES_SECONDS


class ReadYourWritesMiddleware:
    """Routes a request's reads (see the module's docstring). Placed before SessionMiddleware, so
    that the session's own save counts as a write; with no replica it does nothing."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if not replica_aliases():
            return self.get_response(request)
        routing = _Routing(replicas_allowed=not _wrote_recently(request))
        token = _routing.set(routing)
        try:
            with connections[PRIMARY].execute_wrapper(_watch_raw_writes):
                response = self.get_response(request)
        finally:
            _routing.reset(token)
        seconds = settings.DATABASE_READ_YOUR_WRITES_SECONDS
        if routing.wrote and seconds:
            response.set_cookie(
                READ_PRIMARY_COOKIE,
                str(int(time.time()) + seconds),
                max_age=seconds,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
