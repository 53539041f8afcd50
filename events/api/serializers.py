from rest_framework import serializers

from events.models import AuditLog, Event
from orgs.api.base import StrictModelSerializer


class EventSerializer(StrictModelSerializer):
    user = serializers.EmailField(source="user.email", read_only=True, default=None)

    class Meta:
        model = Event
        fields = ["id", "event_type", "event_data", "source", "user", "created_at"]
        read_only_fields = fields


class AuditLogSerializer(StrictModelSerializer):
    user_id = serializers.UUIDField(source="actor_id", read_only=True)
    ip_address = serializers.IPAddressField(source="remote_addr", read_only=True)

    class Meta:
        model = AuditLog
        fields = [
            "id",
            "timestamp",
            "operation",
            "table_name",
            "record_id",
            "user_id",
            "ip_address",
            "user_agent",
            "session_id",
            "old_values",
            "new_values",
        ]
        read_only_fields = fields
