from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, viewsets

from config.api import ScopedAPIMixin
from events import selectors
from events.api.serializers import AuditLogSerializer, EventSerializer
from events.audit import audit_read
from events.models import Event
from orgs.api.base import OrgScopedViewSet
from orgs.api.permissions import RefuseApiKeys


@extend_schema(tags=["events"])
class EventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OrgScopedViewSet):
    """What happened in the organisation (sign-ups, members, keys, …), newest first: only the
    event types the caller's role may read (events.event_types)."""

    serializer_class = EventSerializer
    filterset_fields = {"event_type": ["exact"], "created_at": ["gte", "lte"]}
    ordering_fields = ["created_at", "event_type"]
    ordering = ["-created_at"]

    def scoped_queryset(self, *, org):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no org, no role
            return Event.objects.none()
        return selectors.events_for_member(membership=self.membership)


class IsPlatformStaff(permissions.BasePermission):
    message = "The audit log is for platform staff only."

    def has_permission(self, request, view) -> bool:
        return bool(
            request.user and request.user.is_authenticated and request.user.is_platform_admin
        )


@extend_schema(tags=["audit log"])
class AuditLogViewSet(
    ScopedAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The audit log, for platform staff: every write, and reads of sensitive records."""

    serializer_class = AuditLogSerializer
    # Staff read it signed in: an organisation's key never reaches platform-wide data.
    permission_classes = [permissions.IsAuthenticated, RefuseApiKeys, IsPlatformStaff]
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
