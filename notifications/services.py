"""Domain events (the events table), written by the services of every app."""

from __future__ import annotations

from django.db import transaction

from notifications.models import Event


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
    """Hand the event to the workers; later issues add the handlers that react to events."""
    from notifications import tasks

    tasks.dispatch_event_safely(event_id)


def notification_mark_read(*, user, notification_id) -> int:
    """Mark one of the user's notifications read; another user's is simply not found."""
    from notifications.models import Notification

    notification = Notification.objects.filter(user=user, pk=notification_id, is_read=False).first()
    if notification is None:
        return 0
    notification.is_read = True
    notification.save(update_fields=["is_read", "updated_at"])
    return 1


def notification_mark_all_read(*, user) -> int:
    from notifications.models import Notification

    # One by one, so each change is audited (the page shows at most a few hundred unread).
    unread = list(Notification.objects.filter(user=user, is_read=False)[:1000])
    for notification in unread:
        notification.is_read = True
        notification.save(update_fields=["is_read", "updated_at"])
    return len(unread)
