"""Reads of events and of the audit log."""

from django.db.models import Q, QuerySet

from events.event_types import EVENT_READ_PERMISSION, SUBJECT_MAY_READ, event_types_readable
from events.models import AuditLog, Event


def events_for_member(*, membership) -> QuerySet[Event]:
    """The events of the membership's organisation that its role may read
    (events.event_types): every list of an organisation's events goes through here."""
    readable, unlisted = event_types_readable(membership)
    visible = Q(event_type__in=readable) | Q(
        user_id=membership.user_id, event_type__in=SUBJECT_MAY_READ
    )
    if unlisted:
        visible |= ~Q(event_type__in=EVENT_READ_PERMISSION)
    return (
        Event.objects.filter(visible, org_id=membership.org_id)
        .select_related("user")
        .order_by("-created_at")
    )


def audit_log_unscoped() -> QuerySet[AuditLog]:
    """Platform staff read the whole audit log; callers check that the user is staff.
    audit_log is global (no owner columns), so no tenancy block is needed to read it."""
    return AuditLog.objects.order_by("-timestamp")
