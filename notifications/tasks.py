"""Celery tasks of notifications: ids in, one service call, safe to run twice."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from notifications.models import Event

logger = logging.getLogger(__name__)

# event_type → callables taking the Event; apps add their reactions here.
EVENT_HANDLERS: dict[str, list] = {}


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def handle_event(self, event_id: str) -> None:
    with transaction.atomic():
        event = Event.objects.select_for_update().filter(pk=event_id).first()
        if event is None or event.dispatched_at is not None:
            return  # already handled: running twice changes nothing
        for handler in EVENT_HANDLERS.get(event.event_type, []):
            handler(event)
        event.dispatched_at = timezone.now()
        event.save(update_fields=["dispatched_at"])


@shared_task(acks_late=True)
def dispatch_pending_events() -> int:
    """The outbox sweep: events recorded while the broker was down are handed over now."""
    pending = list(
        Event.objects.filter(dispatched_at__isnull=True)
        .order_by("created_at")
        .values_list("pk", flat=True)[:1000]
    )
    for event_id in pending:
        dispatch_event_safely(event_id)
    return len(pending)


def dispatch_event_safely(event_id) -> None:
    """Enqueue; when the broker is unreachable the event stays pending for the sweep."""
    try:
        handle_event.delay(str(event_id))
    except Exception:  # broker down: the request that recorded the event must still succeed
        logger.warning("Broker unavailable; event %s stays in the outbox", event_id)
