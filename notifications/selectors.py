from django.db.models import QuerySet

from notifications.models import AuditLog, Event
from orgs.models import Organization


def events_for_org(*, org: Organization) -> QuerySet[Event]:
    return Event.objects.filter(org=org).select_related("user").order_by("-created_at")


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
