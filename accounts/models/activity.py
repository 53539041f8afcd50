"""What users do and where they are signed in (seed §12.3): sessions, daily analytics, actions
and WebSocket connections. The seed only names these tables; the columns are ours.

All four are org-or-personal (config.modeling.OrgOrPersonalModel): a user's row, in the
organisation they were working in, or personal (org NULL).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from config.modeling import OrgOrPersonalModel, org_fk, updated_at_field


class UserSession(OrgOrPersonalModel):
    """user_sessions: one signed-in browser or device of a user, for 'where am I signed in'."""

    # SET_NULL, not the base's CASCADE: the user's row outlives the organisation.
    org = org_fk(null=True, on_delete=models.SET_NULL)
    session_key = models.CharField(max_length=64, unique=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.TextField(blank=True, default="")
    started_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    updated_at = updated_at_field()  # kept current by 0003's trigger too

    class Meta:
        db_table = "user_sessions"
        ordering = ["-last_seen_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True)
                | models.Q(ended_at__gte=models.F("started_at")),
                name="user_sessions_ended_at_check",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} since {self.started_at:%Y-%m-%d %H:%M}"


class UserAnalytics(OrgOrPersonalModel):
    """user_analytics: a user's activity totals for one day (one row per user and day)."""

    # SET_NULL, not the base's CASCADE: the user's row outlives the organisation.
    org = org_fk(null=True, on_delete=models.SET_NULL)
    date = models.DateField(default=timezone.localdate)
    page_views = models.PositiveIntegerField(default=0, db_default=0)
    sessions = models.PositiveIntegerField(default=0, db_default=0)
    actions = models.PositiveIntegerField(default=0, db_default=0)
    active_seconds = models.PositiveIntegerField(default=0, db_default=0)
    metadata = models.JSONField(default=dict, blank=True)
    updated_at = updated_at_field()  # kept current by 0003's trigger too

    class Meta:
        db_table = "user_analytics"
        ordering = ["-date"]
        verbose_name_plural = "user analytics"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "date"], name="user_analytics_user_id_date_uniq"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} on {self.date}"


class UserAction(OrgOrPersonalModel):
    """user_actions: one product action of a user (what they did, to what, from where)."""

    # SET_NULL, not the base's CASCADE: the user's row outlives the organisation.
    org = org_fk(null=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=100)
    target_type = models.CharField(max_length=100, blank=True, default="")
    target_id = models.UUIDField(null=True, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.TextField(blank=True, default="")

    class Meta:
        db_table = "user_actions"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.action


class WebsocketConnection(OrgOrPersonalModel):
    """websocket_connections: an open (or closed) real-time connection of a user."""

    # SET_NULL, not the base's CASCADE: the user's row outlives the organisation.
    org = org_fk(null=True, on_delete=models.SET_NULL)
    connection_id = models.CharField(max_length=100, unique=True)
    channel = models.CharField(max_length=100, blank=True, default="")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.TextField(blank=True, default="")
    connected_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    disconnected_at = models.DateTimeField(null=True, blank=True)
    updated_at = updated_at_field()  # kept current by 0003's trigger too

    class Meta:
        db_table = "websocket_connections"
        ordering = ["-connected_at"]

    def __str__(self) -> str:
        return self.connection_id
