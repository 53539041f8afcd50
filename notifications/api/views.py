from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import RefuseApiKeys, ScopedAPIMixin
from events import selectors as event_selectors
from notifications import selectors, services
from notifications.api.serializers import EventSerializer, NotificationSerializer
from orgs.api.base import OrgScopedViewSet


@extend_schema(tags=["events"])
class EventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OrgScopedViewSet):
    """What happened in the organisation (sign-ups, members, keys, …), newest first: only the
    event types the caller's role may read (events.event_types).

    Here rather than in events: it resolves the URL's membership (orgs), a floor above events."""

    serializer_class = EventSerializer
    filterset_fields = {"event_type": ["exact"], "created_at": ["gte", "lte"]}
    ordering_fields = ["created_at", "event_type"]
    ordering = ["-created_at"]

    def scoped_queryset(self, *, org):
        # Schema generation never gets here (OrgScopedViewSet.get_queryset answers it).
        return event_selectors.events_for_member(membership=self.membership)


@extend_schema(tags=["notifications"])
class NotificationViewSet(
    ScopedAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The signed-in user's notifications, newest first; filter by type, priority and is_read."""

    serializer_class = NotificationSerializer
    permission_classes = [permissions.IsAuthenticated, RefuseApiKeys]
    filterset_fields = {"type": ["exact"], "priority": ["exact"], "is_read": ["exact"]}
    ordering_fields = ["created_at"]
    ordering = ["-created_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no caller
            return selectors.no_notifications()
        return selectors.notifications_for_user(user=self.request.user)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk=None) -> Response:
        """Mark one notification read (another user's answers 404)."""
        notification = self.get_object()
        services.notification_mark_read(user=request.user, notification_id=notification.pk)
        notification.refresh_from_db()
        return Response(self.get_serializer(notification).data)

    @extend_schema(
        request=None,
        responses=OpenApiResponse(
            inline_serializer("MarkedRead", {"marked_read": serializers.IntegerField()})
        ),
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request) -> Response:
        """Mark all of the user's notifications read."""
        return Response({"marked_read": services.notification_mark_all_read(user=request.user)})

    @extend_schema(
        responses=OpenApiResponse(
            inline_serializer("UnreadCount", {"unread": serializers.IntegerField()})
        ),
    )
    @action(detail=False, methods=["get"], url_path="unread-count")
    def unread_count(self, request: Request) -> Response:
        """How many notifications are unread (the badge in the navigation)."""
        return Response({"unread": selectors.unread_count(user=request.user)})
