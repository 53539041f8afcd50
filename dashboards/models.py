"""Dashboards (seed §9): usage analytics, configuration, layouts, benchmarks and widget data."""

from __future__ import annotations

from django.db import models

from config import tenancy
from config.modeling import (
    UUIDModel,
    choice_check,
    created_at_field,
    org_fk,
    updated_at_field,
    user_fk,
)


class DashboardEventType(models.TextChoices):
    VIEW = "view", "View"
    INTERACTION = "interaction", "Interaction"
    EXPORT = "export", "Export"
    SHARE = "share", "Share"


class DashboardAnalytics(UUIDModel):
    """dashboard_analytics (§9.1): one use of a dashboard widget."""

    user = user_fk(null=True)
    event_type = models.CharField(max_length=50, choices=DashboardEventType.choices)
    widget_id = models.CharField(max_length=100)
    session_id = models.UUIDField(null=True, blank=True)
    metadata = models.JSONField(default=dict, blank=True, null=True)
    created_at = created_at_field()

    objects = tenancy.UserOwnedManager()
    objects_unscoped = tenancy.UnscopedManager()

    class Meta:
        db_table = "dashboard_analytics"
        ordering = ["-created_at"]
        verbose_name_plural = "dashboard analytics"
        constraints = [choice_check("dashboard_analytics", "event_type", DashboardEventType)]


class DashboardBenchmark(UUIDModel):
    """dashboard_benchmarks: a reference figure to compare with (industry, size, metric)."""

    industry = models.TextField()
    company_size = models.TextField(blank=True, default="")
    metric = models.CharField(max_length=100)
    p25 = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    median = models.DecimalField(max_digits=12, decimal_places=4)
    p75 = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    unit = models.CharField(max_length=20, blank=True, default="")
    source = models.TextField(blank=True, default="")
    period = models.CharField(max_length=20, blank=True, default="")
    created_at = created_at_field()
    updated_at = updated_at_field()

    class Meta:
        db_table = "dashboard_benchmarks"
        ordering = ["industry", "metric"]
        constraints = [
            models.UniqueConstraint(
                fields=["industry", "company_size", "metric", "period"],
                name="dashboard_benchmarks_industry_size_metric_period_uniq",
            )
        ]


class DashboardConfig(UUIDModel):
    """dashboard_configs: a user's dashboard settings in an organisation."""

    user = user_fk()
    org = org_fk(null=True)
    settings = models.JSONField(default=dict, blank=True)
    default_period = models.CharField(max_length=20, default="90d", db_default="90d")
    created_at = created_at_field()
    updated_at = updated_at_field()

    objects = tenancy.OrgOrPersonalManager()
    objects_unscoped = tenancy.UnscopedManager()

    class Meta:
        db_table = "dashboard_configs"
        constraints = [
            models.UniqueConstraint(fields=["user", "org"], name="dashboard_configs_user_org_uniq")
        ]


class DashboardEvent(UUIDModel):
    """dashboard_events: something worth showing on the dashboard's timeline."""

    org = org_fk()
    user = user_fk(null=True)
    event_type = models.CharField(max_length=100)
    title = models.TextField()
    payload = models.JSONField(default=dict, blank=True)
    created_at = created_at_field()

    objects = tenancy.OrgOwnedManager()
    objects_unscoped = tenancy.UnscopedManager()

    class Meta:
        db_table = "dashboard_events"
        ordering = ["-created_at"]


class DashboardLayout(UUIDModel):
    """dashboard_layouts: which widgets a user's dashboard shows, and where."""

    user = user_fk()
    org = org_fk(null=True)
    name = models.TextField(default="Default", db_default="Default")
    widgets = models.JSONField(default=list, blank=True)
    is_default = models.BooleanField(default=False)
    created_at = created_at_field()
    updated_at = updated_at_field()

    objects = tenancy.OrgOrPersonalManager()
    objects_unscoped = tenancy.UnscopedManager()

    class Meta:
        db_table = "dashboard_layouts"
        ordering = ["name"]


class DashboardTrend(UUIDModel):
    """dashboard_trends: a metric's value over time for an organisation."""

    org = org_fk()
    metric = models.CharField(max_length=100)
    period_start = models.DateField()
    value = models.DecimalField(max_digits=14, decimal_places=4)
    created_at = created_at_field()

    objects = tenancy.OrgOwnedManager()
    objects_unscoped = tenancy.UnscopedManager()

    class Meta:
        db_table = "dashboard_trends"
        ordering = ["metric", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "metric", "period_start"],
                name="dashboard_trends_org_metric_period_uniq",
            )
        ]


class DashboardWidgetData(UUIDModel):
    """dashboard_widget_data: a widget's computed data, cached until it expires."""

    org = org_fk()
    widget_id = models.CharField(max_length=100)
    data = models.JSONField(default=dict, blank=True)
    computed_at = created_at_field()
    expires_at = models.DateTimeField(null=True, blank=True)

    objects = tenancy.OrgOwnedManager()
    objects_unscoped = tenancy.UnscopedManager()

    class Meta:
        db_table = "dashboard_widget_data"
        verbose_name_plural = "dashboard widget data"
        constraints = [
            models.UniqueConstraint(
                fields=["org", "widget_id"], name="dashboard_widget_data_org_widget_uniq"
            )
        ]


class Tier2DashboardInsight(models.Model):
    """tier2_dashboard_insights (legacy, §12.8): insights the first version showed on dashboards."""

    id = models.UUIDField(primary_key=True)
    user = user_fk(column="u_id", null=True, db_constraint=False)
    title = models.TextField(null=True, blank=True)
    insight = models.TextField(null=True, blank=True)
    category = models.TextField(null=True, blank=True)
    created_at = models.DateTimeField(null=True, blank=True)

    objects = tenancy.UserOwnedManager()
    objects_unscoped = tenancy.UnscopedManager()

    class Meta:
        managed = False
        db_table = "tier2_dashboard_insights"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title or str(self.pk)
