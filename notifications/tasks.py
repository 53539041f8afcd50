"""Celery tasks of notifications: ids in, one service call, safe to run twice.

The outbox tasks (handle_event, dispatch_pending_events) live in events.tasks; notifications'
handlers reach them through notifications.registry.
"""

from __future__ import annotations

import logging

from celery import shared_task
from kombu.exceptions import OperationalError

from events.tasks import RETRYING
from notifications import services

logger = logging.getLogger(__name__)


# Unscoped: the ids are of many users' notifications (one event's fan-out).
@shared_task(unscoped=True, **RETRYING)
def email_high_priority_notifications(self, notification_ids: list[str]) -> int:
    """Email the high-priority ones among these notifications (the opted-out are skipped)."""
    return services.notifications_email_high_priority_unscoped(notification_ids=notification_ids)


def enqueue_emails(notification_ids: list) -> None:
    ids = [str(pk) for pk in notification_ids]
    for start in range(0, len(ids), services.FAN_OUT_BATCH_SIZE):
        batch = ids[start : start + services.FAN_OUT_BATCH_SIZE]
        try:
            email_high_priority_notifications.delay(batch)
        except OperationalError:  # the broker went away after the event was handled: send here
            logger.warning("Broker unavailable; emailing %d notifications inline", len(batch))
            services.notifications_email_high_priority_unscoped(notification_ids=batch)
