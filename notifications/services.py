"""Writes of notifications: the fan-out of an event to its recipients, emails, read marks."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage, get_connection
from django.db import connection
from django.template.loader import render_to_string
from django.urls import reverse

from config import tenancy
from notifications.models import Notification, Priority

logger = logging.getLogger(__name__)

# Recipients per INSERT when one event fans out to many users: 100,000 are ten statements.
FAN_OUT_BATCH_SIZE = 10_000
# How long "this notification was emailed" is remembered, so a rerun of the email task skips it.
EMAILED_MARKER_TTL = int(timedelta(days=7).total_seconds())


@dataclass(frozen=True)
class NotificationDraft:
    """One notification as an event describes it, before it is written for each recipient."""

    type: str
    title: str
    message: str
    priority: str
    link: str
    # Derived from the event's subject (e.g. "assessment.scored:<result id>"): a rerun of the
    # same event writes the same key, and (user, key) is unique.
    idempotency_key: str


def notifications_fan_out_unscoped(
    *, user_ids: Iterable, draft: NotificationDraft, batch_size: int = FAN_OUT_BATCH_SIZE
) -> list[uuid.UUID]:
    """Write the draft once per user, in batches; return the ids of the rows created now.

    Rows that already exist (a task running twice) are skipped by the database, so the ids
    returned are only the new ones: what to email. Notifications are not audited
    (events.audit.AUDIT_EXEMPT): the events row that caused the fan-out is the record of
    it, and an audit row per recipient would double the cost of a 100,000-user fan-out.
    """
    created: list[uuid.UUID] = []
    for batch in chunks(user_ids, batch_size):
        created += _fan_out_batch_unscoped(batch, draft)
    return created


def _fan_out_batch_unscoped(user_ids: list, draft: NotificationDraft) -> list[uuid.UUID]:
    """One statement per batch: the rows are built by PostgreSQL from the array of recipients
    (no model instance per row), the conflicts of a rerun are skipped and the ids of the new
    rows come back with RETURNING (a bulk_create and a SELECT of its ids cost about 4x a COPY
    of the same rows at 100,000; this costs about what the COPY does)."""
    meta = Notification._meta
    values = {
        "type": draft.type,
        "title": draft.title,
        "message": draft.message,
        "priority": draft.priority,
        "link": draft.link,
        "idempotency_key": draft.idempotency_key,
        "is_read": False,
    }
    columns, expressions, params = [], [], []
    for field in meta.concrete_fields:
        columns.append(connection.ops.quote_name(field.column))
        if field.primary_key:
            expressions.append("gen_random_uuid()")
        elif field.name == "user":
            expressions.append("recipient")
        elif field.name in ("created_at", "updated_at"):
            expressions.append("now()")
        else:
            expressions.append("%s")
            params.append(values[field.name])
    # Identifiers come from the model's meta (quoted), every value is a parameter.
    sql = (
        f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({', '.join(columns)})"  # noqa: S608
        f" SELECT {', '.join(expressions)} FROM unnest(%s::uuid[]) AS recipient"
        " ON CONFLICT DO NOTHING RETURNING id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, [uuid.UUID(str(pk)) for pk in user_ids]])
        return [row[0] for row in cursor.fetchall()]


def chunks(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def notifications_email_high_priority_unscoped(*, notification_ids: Iterable) -> int:
    """Email high-priority notifications to users who have not turned it off; returns how many.

    Each sent email is remembered in the cache, so a retry after a partial failure (or a task
    delivered twice) does not send it again.
    """
    with tenancy.unscoped():
        notifications = list(
            Notification.objects_unscoped.filter(
                pk__in=list(notification_ids),
                priority=Priority.HIGH,
                user__is_active=True,
                user__email_high_priority=True,
            )
            .select_related("user")
            .order_by("created_at")
        )
    sent = 0
    with get_connection() as connection:
        for notification in notifications:
            marker = f"notification-emailed:{notification.pk}"
            if cache.get(marker):
                continue
            _notification_email(notification, connection).send()
            cache.set(marker, 1, timeout=EMAILED_MARKER_TTL)
            sent += 1
    return sent


def _notification_email(notification: Notification, connection) -> EmailMessage:
    link = notification.link
    context = {
        "notification": notification,
        "link": settings.SITE_URL + link if link.startswith("/") else "",
        "centre": settings.SITE_URL + reverse("notifications:index"),
        "profile": settings.SITE_URL + reverse("accounts:profile"),
    }
    return EmailMessage(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{notification.title}",
        body=render_to_string("notifications/email/high_priority.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.user.email],
        connection=connection,
    )


def notification_mark_read(*, user, notification_id) -> int:
    """Mark one of the user's notifications read; another user's is simply not found."""
    notification = Notification.objects.filter(user=user, pk=notification_id, is_read=False).first()
    if notification is None:
        return 0
    notification.is_read = True
    notification.save(update_fields=["is_read", "updated_at"])
    return 1


def notification_mark_all_read(*, user) -> int:
    # One statement: notifications are not audited (a user's own inbox state, derived rows).
    return Notification.objects.filter(user=user, is_read=False).update(is_read=True)
