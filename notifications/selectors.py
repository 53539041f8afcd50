"""Reads of notifications: a user's own inbox (Notification is user-owned)."""

from django.db.models import QuerySet

from notifications.models import Notification


def notifications_for_user(*, user, type: str = "", priority: str = "") -> QuerySet[Notification]:
    qs = Notification.objects.filter(user=user).order_by("-created_at")
    if type:
        qs = qs.filter(type=type)
    if priority:
        qs = qs.filter(priority=priority)
    return qs


def unread_count(*, user) -> int:
    return Notification.objects.filter(user=user, is_read=False).count()


def no_notifications() -> QuerySet[Notification]:
    """An empty list (OpenAPI schema generation, where there is no caller)."""
    return Notification.objects.none()
