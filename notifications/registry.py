"""Which notification handler turns which event type into notifications.

Apps above notifications register their own handlers from their AppConfig.ready
(`registry.register("trend.new", on_trend_new)`), so notifications never imports them; each
registered type is routed to `notify_for_event` by the events outbox (events.registry).

A handler takes the Event and returns the ids of the notifications it created (via
`services.notifications_fan_out_unscoped`); it raises `SkipEvent` when the event lacks what it
needs (logged, and the event counts as handled: raising anything else retries the task).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import transaction

from events import registry as events_registry

logger = logging.getLogger(__name__)

Handler = Callable[..., list]

# event type → the one notification handler of that type.
HANDLERS: dict[str, Handler] = {}


class SkipEvent(Exception):
    """The event lacks what the handler needs; logged, and the event counts as handled."""


def register(event_type: str, handler: Handler) -> None:
    existing = HANDLERS.get(event_type)
    if existing is not None and existing is not handler:
        raise ValueError(f"{event_type} already has a notification handler: {existing!r}")
    HANDLERS[event_type] = handler
    events_registry.register(event_type, notify_for_event)


def notify_for_event(event) -> list:
    """Run the event's notification handler (in the outbox task), then email the high-priority
    rows it created once the task's transaction commits."""
    handler = HANDLERS.get(event.event_type)
    if handler is None:
        return []
    try:
        created = list(handler(event) or [])
    except SkipEvent as exc:
        logger.warning("Event %s (%s) skipped: %s", event.pk, event.event_type, exc)
        return []
    if created:
        from notifications.tasks import enqueue_emails

        transaction.on_commit(lambda: enqueue_emails(created))
    return created
