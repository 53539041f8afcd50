"""notifications (seed §7.1) and the §13.3 notification enums; events and audit_log live in the
events app."""

from __future__ import annotations

from django.db import models

from config.modeling import UserOwnedModel, choice_check, updated_at_field, user_fk


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


class Notification(UserOwnedModel):
    """notifications (§7.1): one message to one user (user-owned: a user's inbox spans their
    organisations, so it has no org column)."""

    user = user_fk(column="u_id", related_name="notifications")
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
            # The person's list, newest first, with the id as the cursor's tie-breaker.
            models.Index(fields=["user", "-created_at", "-id"], name="notifications_u_id_new_idx"),
        ]

    def __str__(self) -> str:
        return self.title
