"""AI usage (seed §10): one row per provider call with its cost, and the legacy log."""

from __future__ import annotations

from django.db import models

from config.modeling import UUIDModel, created_at_field


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
