"""Read replicas (config/db_router.py): the router's rules, then a real streaming replica.

The rules are checked without a database: the router decides from settings and the request's
state. The slow tests run against a second cluster of the system's PostgreSQL on port 5433
(`scripts/replica start`: pg_basebackup -R from the primary, run as the postgres user). It
streams the whole primary cluster, so it holds the test database pytest-django built there: the
`replica` alias below is a test MIRROR of `default` (same database name, the replica's port). The
tests commit (transaction=True), wait until the replica has replayed the primary's WAL, and pause
replay where they need a replica that lags. Without root or the PostgreSQL server binaries they
skip, saying why; with REQUIRE_REPLICA=1 (CI) they fail instead.
"""

from __future__ import annotations

import copy
import fcntl
import os
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, router, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from config import db_router

ROOT = Path(__file__).resolve().parents[2]
REPLICA = "replica"
REPLICA_PORT = os.environ.get("REPLICA_PORT", "5433")


def _add_replica_alias() -> None:
    # pytest-django sets the test databases up (and points mirrors at theirs) once the session
    # starts, after collection: the alias must exist by then. Nothing routes to it unless a test
    # lists it in DATABASE_REPLICAS, and nothing connects to it until a query does.
    if REPLICA in connections.settings:
        return
    replica = copy.deepcopy(connections.settings[DEFAULT_DB_ALIAS])
    replica.update(HOST="127.0.0.1", PORT=REPLICA_PORT)
    replica["TEST"] = {**replica["TEST"], "MIRROR": DEFAULT_DB_ALIAS}
    connections.settings[REPLICA] = replica
    settings.DATABASES.setdefault(REPLICA, replica)  # the same dict, unless Django copies it


_add_replica_alias()


@pytest.fixture
def one_replica(settings):
    settings.DATABASE_REPLICAS = [REPLICA]
    settings.DATABASE_READ_YOUR_WRITES_SECONDS = 10
    return settings


# --- The rules (no database) ------------------------------------------------------------------


def test_the_settings_route_through_the_router_and_its_middleware():
    assert "config.db_router.PrimaryReplicaRouter" in settings.DATABASE_ROUTERS
    middleware = settings.MIDDLEWARE
    assert "config.db_router.ReadYourWritesMiddleware" in middleware
    # The session's save, in SessionMiddleware's response phase, must count as a write.
    assert middleware.index("config.db_router.ReadYourWritesMiddleware") < middleware.index(
        "django.contrib.sessions.middleware.SessionMiddleware"
    )
    assert settings.DATABASE_REPLICAS == [], "tests configure no replica unless they ask for one"


def test_with_no_replica_the_router_leaves_routing_to_django():
    assert router.db_for_read(User) == DEFAULT_DB_ALIAS
    assert db_router.PrimaryReplicaRouter().db_for_read(User) is None
    assert db_router.PrimaryReplicaRouter().db_for_write(User) is None
    with db_router.replica_reads():
        assert User.objects.all().db == DEFAULT_DB_ALIAS


def test_reads_outside_a_request_go_to_the_primary(one_replica):
    # Tasks and commands usually follow a write just committed; a lagging replica would miss it.
    assert User.objects.all().db == DEFAULT_DB_ALIAS


def test_in_a_request_or_a_replica_block_reads_go_to_a_replica(one_replica):
    with db_router.replica_reads():
        assert User.objects.all().db == REPLICA
        with db_router.primary_reads():
            assert User.objects.all().db == DEFAULT_DB_ALIAS
        assert User.objects.all().db == REPLICA
        # A locking read is a query "for write": it goes to the primary, and so do later reads.
        assert User.objects.select_for_update().db == DEFAULT_DB_ALIAS
        assert User.objects.all().db == DEFAULT_DB_ALIAS


def test_after_a_write_the_same_context_reads_the_primary(one_replica):
    with db_router.replica_reads():
        assert router.db_for_write(User) == DEFAULT_DB_ALIAS
        assert User.objects.all().db == DEFAULT_DB_ALIAS


def test_migrations_run_only_on_the_primary(one_replica):
    rules = db_router.PrimaryReplicaRouter()
    assert rules.allow_migrate(DEFAULT_DB_ALIAS, "accounts") is True
    assert rules.allow_migrate(REPLICA, "accounts") is False


def _middleware_run(view, *, cookies=None):
    request = RequestFactory().get("/")
    request.COOKIES.update(cookies or {})
    return db_router.ReadYourWritesMiddleware(view)(request)


def test_a_request_that_wrote_tells_the_browser_to_read_the_primary_for_a_while(one_replica):
    seen = []

    def reads_then_writes(request):
        seen.append(User.objects.all().db)
        router.db_for_write(User)  # what a save or an update asks first
        seen.append(User.objects.all().db)
        return HttpResponse()

    response = _middleware_run(reads_then_writes)

    assert seen == [REPLICA, DEFAULT_DB_ALIAS]
    cookie = response.cookies[db_router.READ_PRIMARY_COOKIE]
    assert cookie["max-age"] == 10
    assert cookie["httponly"]
    assert 0 < int(cookie.value) - time.time() <= 10


def test_a_request_within_the_window_reads_the_primary_and_one_after_it_a_replica(one_replica):
    def where(request):
        return HttpResponse(User.objects.all().db)

    now = int(time.time())
    pinned = _middleware_run(where, cookies={db_router.READ_PRIMARY_COOKIE: str(now + 5)})
    expired = _middleware_run(where, cookies={db_router.READ_PRIMARY_COOKIE: str(now - 1)})
    forged = _middleware_run(where, cookies={db_router.READ_PRIMARY_COOKIE: str(now + 10**6)})

    assert pinned.content.decode() == DEFAULT_DB_ALIAS
    assert expired.content.decode() == REPLICA
    assert forged.content.decode() == REPLICA, "a cookie pins for at most the configured window"
    assert db_router.READ_PRIMARY_COOKIE not in pinned.cookies, "a read-only request sets nothing"


def test_replica_urls_become_mirrors_of_the_primary_with_its_connection_settings():
    primary = {
        "ENGINE": "django.db.backends.postgresql",
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {"pool": {"min_size": 1, "max_size": 4}},
    }
    replicas = db_router.replica_databases(
        ["postgres://u@r1:5432/growth", "postgres://u@r2:6432/growth"], primary=primary
    )
    assert list(replicas) == ["replica1", "replica2"]
    assert replicas["replica2"]["HOST"] == "r2"
    assert replicas["replica2"]["PORT"] == 6432
    assert replicas["replica1"]["TEST"] == {"MIRROR": DEFAULT_DB_ALIAS}
    assert replicas["replica1"]["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 4}
    assert replicas["replica1"]["CONN_HEALTH_CHECKS"] is True


def test_a_replica_url_that_is_not_postgresql_stops_start_up():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="DATABASE_REPLICA_URLS: entry 1"):
        db_router.replica_databases(
            ["mysql://u:secret@h/db"], primary={"ENGINE": "django.db.backends.postgresql"}
        )


# --- A real streaming replica -----------------------------------------------------------------


def _unavailable(reason: str):
    if os.environ.get("REQUIRE_REPLICA") == "1":
        pytest.fail(f"REQUIRE_REPLICA=1 but the streaming replica is unavailable: {reason}")
    pytest.skip(f"no streaming replica: {reason}")


@pytest.fixture(scope="module")
def streaming_replica():
    """`scripts/replica start` (idempotent) for the primary the tests use; left running."""
    if os.geteuid() != 0 and os.environ.get("USER") != "postgres":
        _unavailable("scripts/replica runs PostgreSQL as the postgres user: needs root or postgres")
    primary = connections.settings[DEFAULT_DB_ALIAS]
    env = {
        **os.environ,
        "REPLICA_PRIMARY_HOST": primary.get("HOST") or "127.0.0.1",
        "REPLICA_PRIMARY_PORT": str(primary.get("PORT") or 5432),
        "REPLICA_PORT": REPLICA_PORT,
    }
    try:
        started = subprocess.run(
            [str(ROOT / "scripts" / "replica"), "start"],
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        _unavailable(f"scripts/replica start: {exc}")
    if started.returncode != 0:
        _unavailable(f"scripts/replica start said: {started.stderr.strip() or started.stdout}")


def _wait_for_replay(timeout: float = 60) -> None:
    """Until the replica has replayed everything the primary has written so far."""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("select pg_current_wal_lsn()")
        (target,) = cursor.fetchone()
    deadline = time.monotonic() + timeout
    while True:
        try:
            with connections[REPLICA].cursor() as cursor:
                cursor.execute("select pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
                if cursor.fetchone()[0]:
                    return
        except OperationalError:  # the test database not replayed yet (just created)
            connections[REPLICA].close()
        if time.monotonic() > deadline:
            pytest.fail(f"the replica did not replay up to {target} within {timeout} s")
        time.sleep(0.05)


class _PausedReplay:
    """The replica stops replaying: it lags the primary by whatever is written meanwhile.

    The replica is shared by the test processes (pytest-xdist): one pauses at a time, or a
    second one's resume would end the first one's pause early.
    """

    _lock = Path(os.environ.get("REPLICA_DIR", "/var/tmp/gp-replica") + ".pause.lock")

    def __enter__(self):
        self._file = self._lock.open("a")
        fcntl.flock(self._file, fcntl.LOCK_EX)
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("select pg_wal_replay_pause()")
        return self

    def __exit__(self, *exc):
        try:
            with connections[REPLICA].cursor() as cursor:
                cursor.execute("select pg_wal_replay_resume()")
        finally:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()


PROFILE_FORM = {
    "first_name": "Alice",
    "last_name": "Owner",
    "company": "Acme",
    "company_size": "11-50",
    "revenue_range": "1m_5m",
    "industry": "saas",
    "timezone": "Europe/London",
}


def _on(alias: str) -> CaptureQueriesContext:
    return CaptureQueriesContext(connections[alias])


replica_db = pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA])


@pytest.mark.slow
@replica_db
def test_the_replica_is_a_hot_standby_of_the_test_database(streaming_replica, one_replica):
    _wait_for_replay()
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("select pg_is_in_recovery(), current_database(), inet_server_port()")
        in_recovery, name, port = cursor.fetchone()
    assert in_recovery is True
    assert name == connections[DEFAULT_DB_ALIAS].settings_dict["NAME"]
    assert str(port) == REPLICA_PORT


@pytest.mark.slow
@replica_db
def test_a_page_reads_from_the_replica(streaming_replica, one_replica, client, alice):
    client.force_login(alice)  # the session row is written on the primary
    _wait_for_replay()

    with _on(REPLICA) as on_replica, _on(DEFAULT_DB_ALIAS) as on_primary:
        response = client.get(reverse("accounts:profile"))

    assert response.status_code == 200
    assert 'value="Alice"' in response.content.decode()
    tables = " ".join(q["sql"] for q in on_replica.captured_queries)
    assert "django_session" in tables
    assert "tier2_users" in tables
    assert on_primary.captured_queries == []
    assert db_router.READ_PRIMARY_COOKIE not in response.cookies


@pytest.mark.slow
@replica_db
def test_after_a_write_the_browser_reads_its_own_write_from_the_primary(
    streaming_replica, one_replica, client, alice
):
    client.force_login(alice)
    _wait_for_replay()
    profile = reverse("accounts:profile")

    with _PausedReplay():
        saved = client.post(profile, {**PROFILE_FORM, "first_name": "Beatrix"})
        assert saved.status_code == 302
        assert db_router.READ_PRIMARY_COOKIE in saved.cookies

        with _on(REPLICA) as on_replica, _on(DEFAULT_DB_ALIAS) as on_primary:
            fresh = client.get(profile)  # the redirect's target, with the cookie
        assert 'value="Beatrix"' in fresh.content.decode()
        assert on_replica.captured_queries == []
        assert on_primary.captured_queries

        # Without the cookie the same page reads the lagging replica: the old name.
        del client.cookies[db_router.READ_PRIMARY_COOKIE]
        with _on(REPLICA) as on_replica:
            stale = client.get(profile)
        assert 'value="Alice"' in stale.content.decode()
        assert on_replica.captured_queries

    _wait_for_replay()
    assert 'value="Beatrix"' in client.get(profile).content.decode()


@pytest.mark.slow
@replica_db
def test_within_a_request_writes_transactions_and_locks_read_the_primary(
    streaming_replica, one_replica, alice
):
    _wait_for_replay()
    seen: dict[str, str] = {}

    def view(request):
        seen["before the write"] = User.objects.get(pk=alice.pk).first_name
        User.objects.filter(pk=alice.pk).update(first_name="Cordelia")
        seen["after the write"] = User.objects.get(pk=alice.pk).first_name
        return HttpResponse()

    def view_in_a_transaction(request):
        with transaction.atomic():
            seen["locked"] = User.objects.select_for_update().get(pk=alice.pk).first_name
            seen["in the transaction"] = User.objects.get(pk=alice.pk).first_name
        return HttpResponse()

    with _PausedReplay():
        with _on(REPLICA) as on_replica:
            response = _middleware_run(view)
        with _on(REPLICA) as replica_in_transaction:
            _middleware_run(view_in_a_transaction)

    assert seen == {
        "before the write": "Alice",  # from the replica
        "after the write": "Cordelia",  # from the primary: the replica is paused
        "locked": "Cordelia",
        "in the transaction": "Cordelia",
    }
    assert len(on_replica.captured_queries) == 1
    assert replica_in_transaction.captured_queries == []
    assert db_router.READ_PRIMARY_COOKIE in response.cookies


@pytest.mark.slow
@replica_db
def test_a_raw_sql_write_on_the_primary_also_sends_the_next_reads_there(
    streaming_replica, one_replica, alice
):
    _wait_for_replay()

    def view(request):
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute(
                f"update tier2_users set first_name = %s where {User._meta.pk.column} = %s",
                ["Delphine", alice.pk],
            )
        return HttpResponse(User.objects.get(pk=alice.pk).first_name)

    with _PausedReplay():
        response = _middleware_run(view)

    assert response.content.decode() == "Delphine"


@pytest.mark.slow
@replica_db
def test_under_asgi_a_page_reads_the_replica_and_after_a_write_the_primary(
    streaming_replica, one_replica, client, alice
):
    # scripts/serve runs uvicorn workers: the middleware runs in a thread of the ASGI handler.
    from asgiref.sync import async_to_sync
    from django.test import AsyncClient

    client.force_login(alice)
    browser = AsyncClient()
    browser.cookies = client.cookies
    profile = reverse("accounts:profile")
    _wait_for_replay()

    with _on(REPLICA) as on_replica:
        page = async_to_sync(browser.get)(profile)
    assert page.status_code == 200
    assert on_replica.captured_queries

    with _PausedReplay():
        saved = async_to_sync(browser.post)(profile, {**PROFILE_FORM, "first_name": "Esme"})
        assert db_router.READ_PRIMARY_COOKIE in saved.cookies
        browser.cookies.update(saved.cookies)
        fresh = async_to_sync(browser.get)(profile)
    assert 'value="Esme"' in fresh.content.decode()
