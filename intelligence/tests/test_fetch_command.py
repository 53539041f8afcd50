"""The intelligence_fetch command and the Celery side of ingestion (the beat entry, and a real
worker running the sweep and the per-source tasks)."""

from __future__ import annotations

import os
import time
import uuid
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core.management import CommandError, call_command
from django.db import close_old_connections, connections
from django.utils import timezone

from intelligence import tasks
from intelligence.models import FeedSource, RealtimeMarketTrend
from intelligence.tests.factories_feeds import FeedSourceFactory
from notifications.tests.celery_helpers import celery_broker

FEEDS = Path(__file__).parent / "feeds"


@pytest.fixture(autouse=True)
def _loopback(settings):
    settings.INTELLIGENCE_ALLOW_LOOPBACK_FEEDS = True
    settings.AI_PROVIDER = "offline"


def _rss_source(httpserver, **kwargs) -> FeedSource:
    httpserver.expect_request("/rss.xml").respond_with_data(
        (FEEDS / "rss.xml").read_bytes(), content_type="application/rss+xml"
    )
    return FeedSourceFactory(url=httpserver.url_for("/rss.xml"), **kwargs)


@pytest.mark.django_db
def test_the_command_fetches_due_sources_or_one_by_id(httpserver):
    source = _rss_source(httpserver, next_fetch_at=timezone.now() + timedelta(hours=1))
    out = StringIO()
    call_command("intelligence_fetch", stdout=out)
    assert "0 source(s) fetched" in out.getvalue()  # not due

    call_command("intelligence_fetch", "--source", str(source.pk), stdout=out)

    assert f"{source.pk}: ok, 2 new" in out.getvalue()
    assert RealtimeMarketTrend.objects.count() == 2
    with pytest.raises(CommandError):
        call_command("intelligence_fetch", "--source", "not-a-uuid")
    with pytest.raises(CommandError):
        call_command("intelligence_fetch", "--source", str(uuid.uuid4()))


def test_beat_sweeps_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["intelligence-fetch-due-feeds"]
    assert entry == {"task": "intelligence.tasks.fetch_due_feeds_unscoped", "schedule": 60.0}
    assert tasks.fetch_feed_source_unscoped.acks_late


def _close_worker_connections(**kwargs) -> None:
    connections.close_all()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_sweep_and_fetches_each_due_source(httpserver):
    """The sweep enqueues a task per due source; the worker fetches the good one and records
    the dead one as failing. Against REDIS_URL when set (a queue of this test's own)."""
    good = _rss_source(httpserver, name="Good", next_fetch_at=timezone.now())
    dead = FeedSourceFactory(name="Dead", url="http://127.0.0.1:1/feed.xml")
    broker = os.environ.get("REDIS_URL") or "memory://"
    queue = f"tests-intelligence-{uuid.uuid4().hex}"
    task_postrun.connect(_close_worker_connections, weak=False)
    try:
        with (
            celery_broker(
                broker, eager=False, task_default_queue=queue, worker_hijack_root_logger=False
            ),
            start_worker(
                tasks.fetch_due_feeds_unscoped.app,
                queues=[queue],
                perform_ping_check=False,
                loglevel="WARNING",
                shutdown_timeout=15,
            ),
        ):
            tasks.fetch_due_feeds_unscoped.delay()  # what beat sends every minute
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                statuses = set(FeedSource.objects.values_list("status", flat=True))
                if statuses == {"ok", "failing"}:
                    break
                time.sleep(0.2)
            with tasks.fetch_due_feeds_unscoped.app.connection_for_write() as conn:
                conn.default_channel.queue_delete(queue)
    finally:
        task_postrun.disconnect(_close_worker_connections)
        close_old_connections()

    good.refresh_from_db()
    dead.refresh_from_db()
    assert (good.status, dead.status) == ("ok", "failing")
    assert RealtimeMarketTrend.objects.filter(feed_source=good).count() == 2
