"""security_alerts (seed §12.2): security events an organisation's admins should see."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Now
from django.utils import timezone

from config import tenancy


class AlertSeverity(models.TextChoices):
    CRITICAL = "critical", "Critical"
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class SecurityAlertType(models.TextChoices):
    """What raised an alert (the column stays free text: older rows and the demo's keep theirs)."""

    NEW_SIGN_IN = "new_sign_in", "Sign-in from a new device or network"
    FAILED_LOGINS = "failed_logins", "Many failed sign-ins"
    ROLE_CHANGED = "role_changed", "Role changed"
    API_KEY_CREATED = "api_key_created", "API key created"
    API_KEY_REVOKED = "api_key_revoked", "API key revoked"


class SecurityAlert(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    org = models.ForeignKey(
        "orgs.Organization",
        db_column="org_id",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="security_alerts",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_column="user_id",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    alert_type = models.CharField(max_length=100)
    severity = models.TextField(choices=AlertSeverity.choices, default=AlertSeverity.MEDIUM)
    title = models.TextField()
    details = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_column="resolved_by",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, db_default=Now())

    objects = tenancy.OrgOrPersonalManager()
    objects_unscoped = tenancy.UnscopedManager()

    class Meta:
        db_table = "security_alerts"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(severity__in=AlertSeverity.values),
                name="security_alerts_severity_check",
            )
        ]
        indexes = [models.Index(fields=["org", "-created_at"], name="security_alerts_org_idx")]

    def __str__(self) -> str:
        return self.title
