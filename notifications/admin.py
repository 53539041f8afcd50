from django.contrib import admin

from config.admin_tools import auto_admin
from notifications.models import Notification

admin.site.register(
    Notification,
    auto_admin(
        Notification,
        list_display=("title", "user", "type", "priority", "is_read", "created_at"),
        list_filter=("type", "priority", "is_read"),
        search_fields=("title", "message", "user__email"),
    ),
)
