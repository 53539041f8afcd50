"""notifications, events and audit_log (seed §7), and the §13.3 notification enums."""

from __future__ import annotations

import uuid

from auditlog.models import AbstractLogEntry
from django.conf import settings
from django.db import models
from django.db.models.functions import Now
from django.utils import timezone

from config.modeling import choice_check, created_at_field, updated_at_field


class Priority(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class NotificationType(models.TextChoices):
    """Values of the notification_type enum (the seed names the type only)."""

    ASSESSMENT_SCORED = "assessment_scored", "Assessment scored"
    DELEGATION_RECEIVED = "delegation_received", "Delegation received"
    INVITATION_RECEIVED = "invitation_received", "Invitation received"
    PULSE_DUE = "pulse_due", "Pulse due"
    TRIAL_ENDING = "trial_ending", "Trial ending"
    PAYMENT_FAILED = "payment_failed", "Payment failed"
    SUBSCRIPTION_CHANGED = "subscription_changed", "Subscription changed"
    SECURITY_ALERT = "security_alert", "Security alert"
    INDUSTRY_TREND = "industry_trend", "New trend in your industry"
    SYSTEM = "system", "System"


class Notification(models.Model):
    """notifications (§7.1): one message to one user."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_column="u_id",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    # Text per the seed; the values are NotificationType's (the enum type exists for adoption).
    type = models.TextField(choices=NotificationType.choices, default=NotificationType.SYSTEM)
    title = models.TextField()
    message = models.TextField(blank=True, default="", db_default="")
    priority = models.TextField(
        choices=Priority.choices, default=Priority.MEDIUM, db_default=Priority.MEDIUM
    )
    link = models.TextField(blank=True, default="", db_default="")
    is_read = models.BooleanField(default=False, db_default=False)
    # Makes a task that runs twice create no duplicate: one row per (user, key).
    idempotency_key = models.TextField(blank=True, null=True)
    created_at = created_at_field()
    updated_at = updated_at_field()

    class Meta:
        db_table = "notifications"
        ordering = ["-created_at"]
        constraints = [
            choice_check("notifications", "priority", Priority),
            models.UniqueConstraint(
                fields=["user", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="notifications_u_id_idempotency_key_uniq",
            ),
        ]
        indexes = [
            models.Index(fields=["created_at"], name="notifications_created_at_idx"),
            models.Index(fields=["is_read"], name="notifications_is_read_idx"),
            models.Index(fields=["user"], name="notifications_u_id_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class Event(models.Model):
    """events (§7.3): a domain event (user.signed_up, org.member_added, …), written by services.

    Also the outbox of background work: `dispatched_at` stays empty until a worker has taken the
    event, so work recorded in a request's transaction survives a broker outage.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_column="user_id",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    org = models.ForeignKey(
        "orgs.Organization",
        db_column="org_id",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    event_type = models.CharField(max_length=100)
    event_data = models.JSONField(default=dict, db_default={}, blank=True)
    source = models.CharField(max_length=100, blank=True, null=True)
    created_at = created_at_field()
    dispatched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "events"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["org", "-created_at"], name="events_org_id_created_at_idx"),
            models.Index(
                fields=["created_at"],
                condition=models.Q(dispatched_at__isnull=True),
                name="events_undispatched_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.event_type


class Operation(models.TextChoices):
    SELECT = "SELECT", "Select (read)"
    INSERT = "INSERT", "Insert"
    UPDATE = "UPDATE", "Update"
    DELETE = "DELETE", "Delete"


ACTION_TO_OPERATION = {
    AbstractLogEntry.Action.CREATE: Operation.INSERT,
    AbstractLogEntry.Action.UPDATE: Operation.UPDATE,
    AbstractLogEntry.Action.DELETE: Operation.DELETE,
    AbstractLogEntry.Action.ACCESS: Operation.SELECT,
}


class AuditLog(AbstractLogEntry):
    """audit_log (§7.2), as django-auditlog's log entry (AUDITLOG_LOGENTRY_MODEL).

    auditlog's own fields map onto the seed's columns where they coincide (actor → user_id,
    remote_addr → ip_address, timestamp); the seed's other columns are filled on save from the
    entry (table_name, operation, record_id, old/new values) and from the request context that
    the audit middleware sets (user_agent, session_id).
    """

    id = models.AutoField(primary_key=True)
    # No database FK: an audit row must outlive its user and keep who acted.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_column="user_id",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name="actor",
    )
    remote_addr = models.GenericIPAddressField(
        db_column="ip_address", null=True, blank=True, verbose_name="IP address"
    )
    timestamp = models.DateTimeField(default=timezone.now, db_default=Now(), verbose_name="time")
    table_name = models.TextField(blank=True, default="")
    operation = models.TextField(choices=Operation.choices)
    record_id = models.UUIDField(null=True, blank=True)
    old_values = models.JSONField(null=True, blank=True)
    new_values = models.JSONField(null=True, blank=True)
    user_agent = models.TextField(blank=True, default="")
    session_id = models.UUIDField(null=True, blank=True)

    class Meta(AbstractLogEntry.Meta):
        db_table = "audit_log"
        ordering = ["-timestamp"]
        verbose_name = "audit log entry"
        verbose_name_plural = "audit log"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(operation__in=Operation.values),
                name="audit_log_operation_check",
            ),
        ]
        indexes = [
            models.Index(fields=["operation"], name="audit_log_operation_idx"),
            models.Index(fields=["table_name"], name="audit_log_table_name_idx"),
            models.Index(fields=["timestamp"], name="audit_log_timestamp_idx"),
            models.Index(fields=["actor"], name="audit_log_user_id_idx"),
        ]

    def save(self, *args, **kwargs) -> None:
        from notifications.audit import fill_seed_columns

        fill_seed_columns(self)
        super().save(*args, **kwargs)
