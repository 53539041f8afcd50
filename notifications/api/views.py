from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, viewsets

from notifications import selectors
from notifications.api.serializers import AuditLogSerializer, EventSerializer
from notifications.audit import audit_read
from orgs.api.base import OrgScopedViewSet


@extend_schema(tags=["events"])
class EventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OrgScopedViewSet):
    """What happened in the organisation (sign-ups, members, keys, …), newest first."""

    serializer_class = EventSerializer
    filterset_fields = {"event_type": ["exact"], "created_at": ["gte", "lte"]}
    ordering_fields = ["created_at", "event_type"]
    ordering = ["-created_at"]

    def scoped_queryset(self, *, org):
        return selectors.events_for_org(org=org)


class IsPlatformStaff(permissions.BasePermission):
    message = "The audit log is for platform staff only."

    def has_permission(self, request, view) -> bool:
        return bool(
            request.user and request.user.is_authenticated and request.user.is_platform_admin
        )


@extend_schema(tags=["audit log"])
class AuditLogViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The audit log, for platform staff: every write, and reads of sensitive records."""

    serializer_class = AuditLogSerializer
    permission_classes = [permissions.IsAuthenticated, IsPlatformStaff]
    filterset_fields = {
        "table_name": ["exact"],
        "operation": ["exact"],
        "actor": ["exact"],
        "record_id": ["exact"],
        "timestamp": ["gte", "lte"],
    }
    ordering_fields = ["timestamp"]
    ordering = ["-timestamp"]

    def get_queryset(self):
        return selectors.audit_log_unscoped()

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        audit_read(self.get_object(), actor=request.user)  # reading an audit entry is audited
        return response
