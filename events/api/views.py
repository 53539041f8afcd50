"""The audit-log API, for platform staff. (An organisation's event list, /orgs/<slug>/events/,
needs orgs' membership resolution, so it lives above orgs: notifications.api.views.)"""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, viewsets

from config.api import ScopedAPIMixin
from events import selectors
from events.api.serializers import AuditLogSerializer
from events.audit import audit_read


class IsPlatformStaffSignedIn(permissions.BasePermission):
    """Staff signed in with a session: an organisation's API key (request.auth is the key;
    a session leaves it None) never reaches platform-wide data, whoever created the key."""

    message = "The audit log is for platform staff only."

    def has_permission(self, request, view) -> bool:
        user = request.user
        signed_in = bool(user and user.is_authenticated) and request.auth is None
        return signed_in and bool(user.is_platform_admin)


@extend_schema(tags=["audit log"])
class AuditLogViewSet(
    ScopedAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The audit log, for platform staff: every write, and reads of sensitive records."""

    serializer_class = AuditLogSerializer
    permission_classes = [permissions.IsAuthenticated, IsPlatformStaffSignedIn]
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
