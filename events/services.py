"""Writes of events: a domain event recorded in the caller's transaction (it is also the outbox)."""

from __future__ import annotations

from django.db import transaction

from events.models import Event


def event_record(
    *,
    event_type: str,
    source: str,
    user=None,
    org=None,
    data: dict | None = None,
) -> Event:
    """Record what happened, in the caller's transaction (it is also the work outbox)."""
    event = Event.objects.create(
        event_type=event_type, source=source, user=user, org=org, event_data=data or {}
    )
    transaction.on_commit(lambda: _dispatch(event.pk))
    return event


def _dispatch(event_id) -> None:
    """Hand the event to the workers (events.registry says who handles each type)."""
    from events import tasks

    tasks.dispatch_event_safely(event_id)
