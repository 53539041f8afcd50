"""Celery tasks of the outbox: ids in, the registered handlers run once, safe to run twice."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from config import tenancy
from events.models import Event
from events.registry import EVENT_HANDLERS

logger = logging.getLogger(__name__)

__all__ = ["EVENT_HANDLERS", "dispatch_event_safely", "dispatch_pending_events", "handle_event"]

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


# Unscoped: an event's handlers reach users across organisations (an industry's followers).
@shared_task(unscoped=True, **RETRYING)
def handle_event(self, event_id: str) -> int:
    """Run the event's handlers once; returns how many rows they created (e.g. notifications)."""
    return event_handle_unscoped(event_id=event_id)


def event_handle_unscoped(*, event_id) -> int:
    with tenancy.unscoped(), transaction.atomic():
        # The row lock serialises two deliveries of the same event; the second sees it done.
        event = Event.objects_unscoped.select_for_update().filter(pk=event_id).first()
        if event is None or event.dispatched_at is not None:
            return 0  # already handled: running twice changes nothing
        created: list = []
        for handler in EVENT_HANDLERS.get(event.event_type, []):
            created += handler(event) or []
        event.dispatched_at = timezone.now()
        event.save(update_fields=["dispatched_at"])
    return len(created)


@shared_task(unscoped=True, acks_late=True, reject_on_worker_lost=True)
def dispatch_pending_events(grace_seconds: float = SWEEP_GRACE.total_seconds()) -> int:
    """The outbox sweep: events recorded while the broker was down are handed over now."""
    pending = events_pending_unscoped(grace=timedelta(seconds=grace_seconds))
    for event_id in pending:
        dispatch_event_safely(event_id)
    return len(pending)


def events_pending_unscoped(*, grace: timedelta) -> list:
    now = timezone.now()
    with tenancy.unscoped():
        return list(
            Event.objects_unscoped.filter(
                dispatched_at__isnull=True,
                created_at__lte=now - grace,
                created_at__gte=now - SWEEP_WINDOW,
            )
            .order_by("created_at")
            .values_list("pk", flat=True)[:SWEEP_BATCH]
        )


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
