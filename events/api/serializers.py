from rest_framework import serializers

from events.models import AuditLog


class AuditLogSerializer(serializers.ModelSerializer):
    """Read-only (the audit log is written by the system only), so no strict-fields check."""

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
