"""Celery tasks of notifications: ids in, one service call, safe to run twice."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from notifications import handlers, services
from notifications.models import Event

logger = logging.getLogger(__name__)

# event_type → callables taking the Event; each may return ids of notifications it created.
# Other apps add their reactions to an event type's list.
EVENT_HANDLERS: dict[str, list] = {
    event_type: [handlers.notify_for_event] for event_type in handlers.HANDLERS
}

# The sweep leaves events younger than this to the normal path (they are probably queued now)…
SWEEP_GRACE = timedelta(seconds=30)
# …and never replays older ones (an adopted database's history, a week-long outage's backlog).
SWEEP_WINDOW = timedelta(days=3)
SWEEP_BATCH = 1000

RETRYING = {
    "bind": True,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (Exception,),
    "retry_backoff": True,  # 1 s, 2 s, 4 s … with jitter
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 8,
}


@shared_task(**RETRYING)
def handle_event(self, event_id: str) -> int:
    """Run the event's handlers once; returns how many notifications were created."""
    with transaction.atomic():
        # The row lock serialises two deliveries of the same event; the second sees it done.
        event = Event.objects.select_for_update().filter(pk=event_id).first()
        if event is None or event.dispatched_at is not None:
            return 0  # already handled: running twice changes nothing
        created: list = []
        for handler in EVENT_HANDLERS.get(event.event_type, []):
            created += handler(event) or []
        event.dispatched_at = timezone.now()
        event.save(update_fields=["dispatched_at"])
        if created:
            transaction.on_commit(lambda: _enqueue_emails(created))
    return len(created)


@shared_task(**RETRYING)
def email_high_priority_notifications(self, notification_ids: list[str]) -> int:
    """Email the high-priority ones among these notifications (the opted-out are skipped)."""
    return services.notifications_email_high_priority(notification_ids=notification_ids)


def _enqueue_emails(notification_ids: list) -> None:
    ids = [str(pk) for pk in notification_ids]
    for start in range(0, len(ids), services.FAN_OUT_BATCH_SIZE):
        batch = ids[start : start + services.FAN_OUT_BATCH_SIZE]
        try:
            email_high_priority_notifications.delay(batch)
        except OperationalError:  # the broker went away after the event was handled: send here
            logger.warning("Broker unavailable; emailing %d notifications inline", len(batch))
            services.notifications_email_high_priority(notification_ids=batch)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def dispatch_pending_events(grace_seconds: float = SWEEP_GRACE.total_seconds()) -> int:
    """The outbox sweep: events recorded while the broker was down are handed over now."""
    now = timezone.now()
    pending = list(
        Event.objects.filter(
            dispatched_at__isnull=True,
            created_at__lte=now - timedelta(seconds=grace_seconds),
            created_at__gte=now - SWEEP_WINDOW,
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    for event_id in pending:
        dispatch_event_safely(event_id)
    return len(pending)


def dispatch_event_safely(event_id) -> None:
    """Enqueue; when the broker is unreachable the event stays pending for the sweep."""
    try:
        handle_event.delay(str(event_id))
    except Exception:  # the request that recorded the event must still succeed
        logger.warning(
            "Event %s stays in the outbox (broker unavailable or handler failed)",
            event_id,
            exc_info=True,
        )
