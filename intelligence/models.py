"""Market intelligence, growth levers and simulations, AI usage.

Seed §4, §5, §10, §12.2, §12.5 and §12.7.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models

from config import tenancy
from config.modeling import (
    OrgOrPersonalModel,
    OrgOwnedModel,
    UserOwnedModel,
    UUIDModel,
    created_at_field,
    org_fk,
    updated_at_field,
    user_fk,
)

PLAYBOOK_TITLE = "🧠 Tactical Marketing Playbook"
PLAYBOOK_SOURCE = "GPT + Curated URLs"


def _createdat() -> models.DateTimeField:
    field = created_at_field()
    field.db_column = "createdat"
    return field


class RealtimeMarketTrend(UUIDModel):
    """realtime_market_trends (§4.1)."""

    title = models.TextField(null=True, blank=True)
    insight = models.TextField(null=True, blank=True)
    source = models.TextField(null=True, blank=True)
    created_at = _createdat()
    industry = models.TextField(null=True, blank=True)

    class Meta:
        db_table = "realtime_market_trends"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["industry", "-created_at"], name="rt_market_trends_ind_idx")
        ]


class RealtimeBusinessTrend(UUIDModel):
    """realtime_business_trends (§4.2)."""

    title = models.TextField(null=True, blank=True)
    industry = models.TextField(null=True, blank=True)
    insight = models.TextField(null=True, blank=True)
    source = models.TextField(null=True, blank=True)
    created_at = _createdat()

    class Meta:
        db_table = "realtime_business_trends"
        ordering = ["-created_at"]


class RealtimeMarketingPlaybook(UUIDModel):
    """realtime_marketing_playbook (§4.3)."""

    title = models.TextField(default=PLAYBOOK_TITLE, db_default=PLAYBOOK_TITLE, null=True)
    insight = models.TextField(null=True, blank=True)
    source = models.TextField(default=PLAYBOOK_SOURCE, db_default=PLAYBOOK_SOURCE, null=True)
    created_at = _createdat()

    class Meta:
        db_table = "realtime_marketing_playbook"
        ordering = ["-created_at"]


class BusinessNewsTicker(UUIDModel):
    """business_news_ticker (§4.4): readable by any signed-in user, written by the service."""

    title = models.TextField()
    url = models.TextField(null=True, blank=True)
    source = models.TextField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = created_at_field()
    updated_at = updated_at_field()

    class Meta:
        db_table = "business_news_ticker"
        ordering = ["-published_at"]
        verbose_name_plural = "business news ticker"
        # Its three documented indexes are created in the migration (names over 30 characters).


class RealtimeStrategicTrend(UUIDModel):
    """realtime_strategic_trends: strategy-level trends (regulation, capital, consolidation)."""

    title = models.TextField()
    industry = models.TextField(blank=True, default="")
    insight = models.TextField(blank=True, default="")
    impact = models.TextField(default="medium", db_default="medium")
    horizon = models.TextField(blank=True, default="")
    source = models.TextField(blank=True, default="")
    created_at = created_at_field()

    class Meta:
        db_table = "realtime_strategic_trends"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(impact__in=["high", "medium", "low"]),
                name="realtime_strategic_trends_impact_check",
            )
        ]


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


class Trend(models.Model):
    """trends (legacy, §15): trend items of the first version."""

    id = models.UUIDField(primary_key=True)
    title = models.TextField(null=True, blank=True)
    description = models.TextField(null=True, blank=True)
    industry = models.TextField(null=True, blank=True)
    source = models.TextField(null=True, blank=True)
    createdat = models.DateTimeField(null=True, blank=True)

    class Meta:
        managed = False
        db_table = "trends"
        ordering = ["-createdat"]

    def __str__(self) -> str:
        return str(self.pk)


class IndustryStockSymbol(UUIDModel):
    """industry_stock_symbols: listed companies to watch per industry."""

    industry = models.TextField()
    symbol = models.CharField(max_length=20)
    company_name = models.TextField()
    exchange = models.CharField(max_length=20, blank=True, default="")
    created_at = created_at_field()

    class Meta:
        db_table = "industry_stock_symbols"
        ordering = ["industry", "symbol"]
        constraints = [
            models.UniqueConstraint(
                fields=["industry", "symbol"], name="industry_stock_symbols_ind_symbol_uniq"
            )
        ]


class InspirationalQuote(UUIDModel):
    quote = models.TextField()
    author = models.TextField(blank=True, default="")
    category = models.TextField(blank=True, default="")
    is_active = models.BooleanField(default=True)
    created_at = created_at_field()

    class Meta:
        db_table = "inspirational_quotes"


class RoadmapUpdate(UUIDModel):
    """roadmap_updates: product roadmap news shown to customers."""

    title = models.TextField()
    body = models.TextField(blank=True, default="")
    status = models.TextField(default="planned", db_default="planned")
    released_at = models.DateField(null=True, blank=True)
    created_at = created_at_field()
    updated_at = updated_at_field()

    class Meta:
        db_table = "roadmap_updates"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["planned", "in_progress", "released"]),
                name="roadmap_updates_status_check",
            )
        ]


class GrowthLever(UserOwnedModel):
    """growth_levers (§5.1): a user's generated growth levers."""

    user = user_fk(column="u_id", related_name="growth_levers")
    created_at = None  # the table's time column is generated_at
    levers = ArrayField(models.TextField(), default=list, blank=True)
    generated_at = created_at_field()

    class Meta:
        db_table = "growth_levers"
        ordering = ["-generated_at"]


class GrowthSimulation(UserOwnedModel):
    """growth_simulations (§5.2)."""

    user = user_fk(null=True)
    simulation_type = models.CharField(max_length=100)
    input_data = models.JSONField(default=dict, blank=True, null=True)
    output_data = models.JSONField(default=dict, blank=True, null=True)
    status = models.CharField(max_length=50, default="completed", db_default="completed", null=True)
    metadata = models.JSONField(default=dict, blank=True, null=True)

    class Meta:
        db_table = "growth_simulations"
        ordering = ["-created_at"]


class GrowthLeversRegeneration(OrgOrPersonalModel):
    """growth_levers_regeneration (§5.3): a request to regenerate a user's levers."""

    created_at = None  # the table's time column is requested_at
    reason = models.TextField(blank=True, default="")
    status = models.TextField(default="pending", db_default="pending")
    requested_at = created_at_field()
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "growth_levers_regeneration"


class GrowthStudioAuditLog(OrgOrPersonalModel):
    """growth_studio_audit_log: what was done in the growth studio (levers, simulations)."""

    user = user_fk(null=True)
    action = models.CharField(max_length=100)
    target_type = models.CharField(max_length=100, blank=True, default="")
    target_id = models.UUIDField(null=True, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "growth_studio_audit_log"
        ordering = ["-created_at"]


class GrowthInsight(OrgOrPersonalModel):
    """growth_insights: a current growth insight for a user in an organisation."""

    category = models.TextField(blank=True, default="")
    title = models.TextField()
    insight = models.TextField()
    impact = models.TextField(default="medium", db_default="medium")
    updated_at = updated_at_field()

    class Meta:
        db_table = "growth_insights"
        ordering = ["-created_at"]


class GrowthInsightHistory(OrgOrPersonalModel):
    """growth_insights_history: earlier versions of growth insights."""

    insight = models.ForeignKey(
        GrowthInsight,
        db_column="insight_id",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="history",
    )
    created_at = None  # the table's time column is archived_at
    title = models.TextField()
    content = models.TextField()
    archived_at = created_at_field()

    class Meta:
        db_table = "growth_insights_history"
        ordering = ["-archived_at"]
        verbose_name_plural = "growth insights history"


class GrowthLeverProgress(OrgOrPersonalModel):
    """growth_lever_progress: how far a user is with one growth lever."""

    lever = models.TextField()
    status = models.TextField(default="not_started", db_default="not_started")
    progress = models.PositiveSmallIntegerField(default=0)
    notes = models.TextField(blank=True, default="")
    updated_at = updated_at_field()

    class Meta:
        db_table = "growth_lever_progress"
        verbose_name_plural = "growth lever progress"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__gte=0, progress__lte=100),
                name="growth_lever_progress_range_check",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["not_started", "in_progress", "done", "dropped"]),
                name="growth_lever_progress_status_check",
            ),
        ]


class GrowthQuadrantData(OrgOrPersonalModel):
    """growth_quadrant_data: initiatives placed by impact and effort (the growth quadrant)."""

    label = models.TextField()
    impact = models.DecimalField(max_digits=3, decimal_places=2)
    effort = models.DecimalField(max_digits=3, decimal_places=2)
    quadrant = models.TextField(blank=True, default="")

    class Meta:
        db_table = "growth_quadrant_data"
        verbose_name_plural = "growth quadrant data"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(impact__gte=0, impact__lte=5, effort__gte=0, effort__lte=5),
                name="growth_quadrant_data_range_check",
            )
        ]


class GrowthSimulationLog(UUIDModel):
    """growth_simulations_log: each step of a simulation run, for support and debugging.

    User-owned through its simulation (the table has no owner column of its own)."""

    simulation = models.ForeignKey(
        GrowthSimulation, db_column="simulation_id", on_delete=models.CASCADE, related_name="log"
    )
    level = models.CharField(max_length=10, default="info", db_default="info")
    message = models.TextField()
    data = models.JSONField(default=dict, blank=True)
    created_at = created_at_field()

    objects = tenancy.UserOwnedManager(user_field="simulation__user")
    objects_unscoped = tenancy.UnscopedManager()

    class Meta:
        db_table = "growth_simulations_log"
        ordering = ["created_at"]


class Tier2SimulationHistory(models.Model):
    """tier2_simulation_history (legacy, §12.8): simulations of the first version.

    User-owned (u_id, no org column), like growth_simulations that replaced it."""

    id = models.UUIDField(primary_key=True)
    user = user_fk(column="u_id", null=True, db_constraint=False)
    simulation_type = models.TextField(null=True, blank=True)
    inputs = models.JSONField(null=True, blank=True)
    results = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(null=True, blank=True)

    objects = tenancy.UserOwnedManager()
    objects_unscoped = tenancy.UnscopedManager()

    class Meta:
        managed = False
        db_table = "tier2_simulation_history"
        ordering = ["-created_at"]
        verbose_name_plural = "tier2 simulation history"

    def __str__(self) -> str:
        return str(self.pk)


class AiAnalytics(UUIDModel):
    """ai_analytics (§10.1): one AI provider call (or a batch of them)."""

    user = models.UUIDField(db_column="user_id", null=True, blank=True)
    provider = models.CharField(max_length=100)
    model = models.CharField(max_length=100)
    request_count = models.IntegerField(default=1, db_default=1)
    token_count = models.IntegerField(default=0, db_default=0)
    latency_ms = models.IntegerField(null=True, blank=True)
    success_rate = models.DecimalField(max_digits=5, decimal_places=4, default=1, db_default=1)
    cost_usd = models.DecimalField(max_digits=10, decimal_places=6, default=0, db_default=0)
    metadata = models.JSONField(default=dict, db_default={}, blank=True)
    created_at = created_at_field()

    class Meta:
        db_table = "ai_analytics"
        ordering = ["-created_at"]
        verbose_name_plural = "AI analytics"


class AiLog(models.Model):
    """ai_log (legacy, §10.2): AI requests of the first version, by growth user."""

    id = models.UUIDField(primary_key=True)
    growth_user = models.ForeignKey(
        "accounts.GrowthUser",
        db_column="u_id",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
    )
    prompt = models.TextField(null=True, blank=True)
    response = models.TextField(null=True, blank=True)
    model = models.TextField(null=True, blank=True)
    createdat = models.DateTimeField(null=True, blank=True)

    class Meta:
        managed = False
        db_table = "ai_log"
        ordering = ["-createdat"]
        verbose_name = "AI log entry"

    def __str__(self) -> str:
        return str(self.pk)
