"""events and audit_log (seed §7.2, §7.3): what happened, and who wrote what.

The lowest floor above config: every app records its events here, so this app imports none of
them (users and organisations are foreign keys by string).
"""

from __future__ import annotations

from auditlog.models import AbstractLogEntry
from django.conf import settings
from django.db import models
from django.db.models.functions import Now
from django.utils import timezone

from config.modeling import OrgOrPersonalModel, org_fk, user_fk


class Event(OrgOrPersonalModel):
    """events (§7.3): a domain event (user.signed_up, org.member_added, …), written by services.

    Also the outbox of background work: `dispatched_at` stays empty until a worker has taken the
    event, so work recorded in a request's transaction survives a broker outage.

    Org-or-personal: an organisation's event, or a user's own (org NULL). A row with neither is
    a platform event, read only unscoped (the outbox sweep, staff).
    """

    user = user_fk(null=True)
    # SET_NULL, not the base's CASCADE: the record of what happened outlives the organisation.
    org = org_fk(null=True, on_delete=models.SET_NULL)
    event_type = models.CharField(max_length=100)
    event_data = models.JSONField(default=dict, db_default={}, blank=True)
    source = models.CharField(max_length=100, blank=True, null=True)
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

    Global: the platform's record, read by staff only (the admin, /api/v1/audit-log/).

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
        from events.audit import fill_seed_columns

        fill_seed_columns(self)
        super().save(*args, **kwargs)
