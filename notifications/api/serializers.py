from rest_framework import serializers

from config.api import StrictModelSerializer
from events.models import Event
from notifications.models import Notification


class EventSerializer(StrictModelSerializer):
    user = serializers.EmailField(source="user.email", read_only=True, default=None)

    class Meta:
        model = Event
        fields = ["id", "event_type", "event_data", "source", "user", "created_at"]
        read_only_fields = fields


class NotificationSerializer(StrictModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "type", "title", "message", "priority", "link", "is_read", "created_at"]
        read_only_fields = fields
