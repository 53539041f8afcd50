from django.db.models import Q, QuerySet

from notifications.event_types import (
    EVENT_READ_PERMISSION,
    SUBJECT_MAY_READ,
    event_types_readable,
)
from notifications.models import AuditLog, Event


def events_for_member(*, membership) -> QuerySet[Event]:
    """The events of the membership's organisation that its role may read
    (notifications.event_types): every list of an organisation's events goes through here."""
    readable, unlisted = event_types_readable(membership)
    visible = Q(event_type__in=readable) | Q(
        user_id=membership.user_id, event_type__in=SUBJECT_MAY_READ
    )
    if unlisted:
        visible |= ~Q(event_type__in=EVENT_READ_PERMISSION)
    return (
        Event.objects.filter(visible, org=membership.org)
        .select_related("user")
        .order_by("-created_at")
    )


def audit_log_unscoped() -> QuerySet[AuditLog]:
    """Platform staff read the whole audit log; callers check that the user is staff."""
    return AuditLog.objects.order_by("-timestamp")


def notifications_for_user(*, user, type: str = "", priority: str = "") -> QuerySet:
    from notifications.models import Notification

    qs = Notification.objects.filter(user=user).order_by("-created_at")
    if type:
        qs = qs.filter(type=type)
    if priority:
        qs = qs.filter(priority=priority)
    return qs


def unread_count(*, user) -> int:
    from notifications.models import Notification

    return Notification.objects.filter(user=user, is_read=False).count()
