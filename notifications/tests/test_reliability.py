"""Workers: acks_late and capped retries, the outbox when Redis is down, a real worker."""

from __future__ import annotations

import os
import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import close_old_connections, connections, transaction
from django.urls import reverse

from accounts.tests.factories import UserFactory
from events import tasks as outbox
from events.models import Event
from events.services import event_record
from notifications import tasks
from notifications.models import Notification
from notifications.tests.celery_helpers import DEAD_BROKER, celery_broker

FAST_FAILING = {
    "broker_connection_timeout": 0.5,
    "broker_connection_max_retries": 0,
    "task_publish_retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.1},
}


@pytest.mark.parametrize("task", [outbox.handle_event, tasks.email_high_priority_notifications])
def test_tasks_ack_late_and_retry_with_backoff_up_to_a_cap(task):
    assert task.acks_late and task.reject_on_worker_lost
    assert task.autoretry_for == (Exception,)
    assert task.retry_backoff is True and task.retry_jitter is True
    assert (task.retry_backoff_max, task.max_retries) == (600, 8)


def test_the_sweep_acks_late_and_beat_runs_it_every_minute(settings):
    assert outbox.dispatch_pending_events.acks_late
    entry = settings.CELERY_BEAT_SCHEDULE["dispatch-pending-events"]
    assert (entry["task"], entry["schedule"]) == ("events.tasks.dispatch_pending_events", 60)


@pytest.mark.django_db
def test_a_failing_handler_is_retried_and_the_event_handled_once(alice, monkeypatch):
    calls = []

    def flaky(event):
        calls.append(event.pk)
        if len(calls) == 1:
            raise ConnectionError("the database blinked")
        return []

    monkeypatch.setitem(outbox.EVENT_HANDLERS, "tests.flaky", [flaky])
    event = Event.objects.create(event_type="tests.flaky", source="tests")

    # Run in process without re-raising, Celery runs the retry at once (a worker: after 1 s).
    result = outbox.handle_event.apply(args=[str(event.pk)], throw=False)

    assert result.successful()

    event.refresh_from_db()
    assert len(calls) == 2 and event.dispatched_at is not None


@pytest.mark.django_db
def test_the_sweep_skips_fresh_and_very_old_events(alice):
    from django.utils import timezone

    fresh = Event.objects.create(event_type="tests.nothing", source="tests")
    old = Event.objects.create(event_type="tests.nothing", source="tests")
    Event.objects.filter(pk=old.pk).update(created_at=timezone.now() - outbox.SWEEP_WINDOW * 2)

    assert outbox.dispatch_pending_events.apply().get() == 0  # fresh: the normal path has it
    assert outbox.dispatch_pending_events.apply(kwargs={"grace_seconds": 0}).get() == 1
    fresh.refresh_from_db(), old.refresh_from_db()
    assert fresh.dispatched_at is not None and old.dispatched_at is None


@pytest.mark.django_db
def test_a_request_succeeds_with_redis_down_and_the_work_runs_when_it_is_back(
    client, alice, acme, charlie, django_capture_on_commit_callbacks
):
    """Inviting an existing user records org.invitation_sent; its notification waits it out."""
    from orgs.models import OrgRole

    member = OrgRole.objects.get(org=acme, key="member")
    client.force_login(alice)
    with celery_broker(DEAD_BROKER, eager=False, **FAST_FAILING):
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = client.post(
                reverse("orgs:members", args=[acme.slug]),
                {"email": "charlie@globex.test", "role": str(member.pk)},
            )
        elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert callbacks, "the request enqueued its work after commit"
    assert elapsed < 5, f"the request waited {elapsed:.1f} s for the dead broker"
    event = Event.objects.get(event_type="org.invitation_sent", org=acme)
    assert event.dispatched_at is None  # still in the outbox
    assert not Notification.objects.filter(user=charlie).exists()

    # The broker is back (here: eager, in process); the beat sweep hands the event over.
    pending = Event.objects.filter(dispatched_at__isnull=True).count()  # the fixtures' too
    with celery_broker("memory://", eager=True):
        assert outbox.dispatch_pending_events.apply(kwargs={"grace_seconds": 0}).get() == pending

    event.refresh_from_db()
    assert event.dispatched_at is not None
    notification = Notification.objects.get(user=charlie)
    assert notification.type == "invitation_received"
    assert notification.title == "You are invited to join Acme"


@pytest.mark.django_db
def test_dispatching_with_the_broker_down_raises_nothing(alice):
    event = Event.objects.create(event_type="tests.nothing", source="tests")
    with celery_broker(DEAD_BROKER, eager=False, **FAST_FAILING):
        outbox.dispatch_event_safely(event.pk)
        assert outbox.dispatch_pending_events.apply(kwargs={"grace_seconds": 0}).get() == 1
    event.refresh_from_db()
    assert event.dispatched_at is None


def _close_worker_connections(**kwargs) -> None:
    # The worker thread has its own database connection; closing it after each task lets the
    # test database be flushed and dropped.
    connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_turns_a_domain_event_into_a_notification():
    """Against REDIS_URL when it is set (a queue of this test's own), else memory://."""
    broker = os.environ.get("REDIS_URL") or "memory://"
    queue = f"tests-notifications-{uuid.uuid4().hex}"
    user = UserFactory(email="worker@test.example")
    task_postrun.connect(_close_worker_connections, weak=False)
    try:
        with (
            celery_broker(
                broker, eager=False, task_default_queue=queue, worker_hijack_root_logger=False
            ),
            start_worker(
                outbox.handle_event.app,
                queues=[queue],
                perform_ping_check=False,
                loglevel="WARNING",
                shutdown_timeout=15,
            ),
        ):
            with transaction.atomic():
                event = event_record(
                    event_type="payment.failed",
                    source="tests",
                    user=user,
                    data={"invoice_id": "in_worker", "amount_due": 2500, "currency": "eur"},
                )
            notification = _wait_for(lambda: Notification.objects.filter(user=user).first())
            with outbox.handle_event.app.connection_for_write() as conn:
                conn.default_channel.queue_delete(queue)  # leave nothing behind in Redis
    finally:
        task_postrun.disconnect(_close_worker_connections)
        close_old_connections()

    assert notification is not None, "no notification within the timeout"
    assert (notification.type, notification.priority) == ("payment_failed", "high")
    event.refresh_from_db()
    assert event.dispatched_at is not None


def _wait_for(probe, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(0.1)
    return None
