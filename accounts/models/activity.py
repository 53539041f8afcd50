"""What users do and where they are signed in (seed §12.3): sessions, daily analytics, actions
and WebSocket connections. The seed only names these tables; the columns are ours."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Now
from django.utils import timezone


def _user(**kwargs) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_column="user_id",
        on_delete=models.CASCADE,
        related_name="+",
        **kwargs,
    )


def _org() -> models.ForeignKey:
    return models.ForeignKey(
        "orgs.Organization",
        db_column="org_id",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


def _created_at() -> models.DateTimeField:
    return models.DateTimeField(default=timezone.now, db_default=Now())


def _updated_at() -> models.DateTimeField:
    # Migration 0003 adds the trigger that keeps it current for writes from outside Django.
    return models.DateTimeField(auto_now=True, db_default=Now())


class UserSession(models.Model):
    """user_sessions: one signed-in browser or device of a user, for 'where am I signed in'."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = _user()
    org = _org()
    session_key = models.CharField(max_length=64, unique=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.TextField(blank=True, default="")
    started_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    created_at = _created_at()
    updated_at = _updated_at()

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


class UserAnalytics(models.Model):
    """user_analytics: a user's activity totals for one day (one row per user and day)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = _user()
    org = _org()
    date = models.DateField(default=timezone.localdate)
    page_views = models.PositiveIntegerField(default=0, db_default=0)
    sessions = models.PositiveIntegerField(default=0, db_default=0)
    actions = models.PositiveIntegerField(default=0, db_default=0)
    active_seconds = models.PositiveIntegerField(default=0, db_default=0)
    metadata = models.JSONField(default=dict, blank=True)
    created_at = _created_at()
    updated_at = _updated_at()

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


class UserAction(models.Model):
    """user_actions: one product action of a user (what they did, to what, from where)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = _user()
    org = _org()
    action = models.CharField(max_length=100)
    target_type = models.CharField(max_length=100, blank=True, default="")
    target_id = models.UUIDField(null=True, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.TextField(blank=True, default="")
    created_at = _created_at()

    class Meta:
        db_table = "user_actions"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.action


class WebsocketConnection(models.Model):
    """websocket_connections: an open (or closed) real-time connection of a user."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = _user()
    org = _org()
    connection_id = models.CharField(max_length=100, unique=True)
    channel = models.CharField(max_length=100, blank=True, default="")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.TextField(blank=True, default="")
    connected_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    disconnected_at = models.DateTimeField(null=True, blank=True)
    created_at = _created_at()
    updated_at = _updated_at()

    class Meta:
        db_table = "websocket_connections"
        ordering = ["-connected_at"]

    def __str__(self) -> str:
        return self.connection_id
