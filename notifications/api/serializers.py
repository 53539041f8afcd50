from notifications.models import Notification
from orgs.api.base import StrictModelSerializer


class NotificationSerializer(StrictModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "type", "title", "message", "priority", "link", "is_read", "created_at"]
        read_only_fields = fields
