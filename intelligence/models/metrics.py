"""Live data of organisations and users (seed §12.7): an org's metrics, the events pushed to
its clients (and the ingestion's platform rows: org NULL), and what each user follows."""

from __future__ import annotations

from django.db import models

from config import tenancy
from config.modeling import OrgOrPersonalModel, OrgOwnedModel, UUIDModel, created_at_field, org_fk


class RealTimeMetric(OrgOwnedModel):
    """real_time_metrics: a live business metric of an organisation (MRR, pipeline, NPS…)."""

    created_at = None  # the table's time column is recorded_at
    metric = models.CharField(max_length=100)
    value = models.DecimalField(max_digits=16, decimal_places=4)
    unit = models.CharField(max_length=20, blank=True, default="")
    recorded_at = created_at_field()

    class Meta:
        db_table = "real_time_metrics"
        ordering = ["-recorded_at"]
        indexes = [
            models.Index(fields=["org", "metric", "-recorded_at"], name="real_time_metrics_idx")
        ]


class RealtimeEvent(UUIDModel):
    """realtime_events: an event pushed to connected clients of an organisation.

    The table has no user column, so it is org-owned: an organisation's rows in its scope; a
    row with org NULL is a platform broadcast, read only unscoped."""

    org = org_fk(null=True)
    channel = models.CharField(max_length=100)
    event_type = models.CharField(max_length=100)
    payload = models.JSONField(default=dict, blank=True)
    created_at = created_at_field()

    objects = tenancy.OrgOwnedManager()
    objects_unscoped = tenancy.UnscopedManager()

    class Meta:
        db_table = "realtime_events"
        ordering = ["-created_at"]


class RealtimeSubscription(OrgOrPersonalModel):
    """realtime_subscriptions: a user following an industry or topic's live intelligence."""

    topic = models.CharField(max_length=100)
    industry = models.TextField(blank=True, default="")
    is_active = models.BooleanField(default=True)

    class Meta:
        db_table = "realtime_subscriptions"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "topic", "industry"], name="realtime_subscriptions_user_topic_uniq"
            )
        ]
