"""The growth studio's tables (seed §5 and §12.5; issue 14 moves them to a growth app)."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models

from config import tenancy
from config.modeling import (
    OrgOrPersonalModel,
    UserOwnedModel,
    UUIDModel,
    created_at_field,
    updated_at_field,
    user_fk,
)


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
