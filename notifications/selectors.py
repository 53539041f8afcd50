from django.db.models import QuerySet

from notifications.models import AuditLog, Event
from orgs.models import Organization


def events_for_org(*, org: Organization) -> QuerySet[Event]:
    return Event.objects.filter(org=org).select_related("user").order_by("-created_at")


def audit_log_unscoped() -> QuerySet[AuditLog]:
    """Platform staff read the whole audit log; callers check that the user is staff."""
    return AuditLog.objects.order_by("-timestamp")
