"""The first version's growth assessment (seed §3.3, §12.8): legacy, `managed = False`.

Global (plain managers): these rows belong to a legacy growth user (accounts.GrowthUser), not to
a user or an organisation of this product, and only staff read them, in the admin (unscoped).

Migration 0002_legacy_tables creates the tables only where absent, with the trigger that archives
every changed or deleted growth_assessment row into growth_assessment_history.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone


class GrowthAssessment(models.Model):
    """growth_assessment: one growth assessment per legacy growth user."""

    growth_user = models.OneToOneField(
        "accounts.GrowthUser",
        db_column="u_id",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="growth_assessment",
    )
    obstacles = models.TextField(blank=True, null=True)
    strategy = models.TextField(blank=True, null=True)
    process = models.TextField(blank=True, null=True)
    customers = models.TextField(blank=True, null=True)
    technology = models.TextField(blank=True, null=True)
    submittedat = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        managed = False
        db_table = "growth_assessment"
        ordering = ["-created_at"]
        verbose_name = "legacy growth assessment"

    def __str__(self) -> str:
        return f"Growth assessment of {self.growth_user_id}"


class GrowthAssessmentHistory(models.Model):
    """growth_assessment_history: the previous version of a growth_assessment row, written by
    the database trigger on every UPDATE and DELETE (so writes from outside Django count too).

    `u_id` is deliberately not a foreign key: the history outlives a deleted growth user.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    u_id = models.UUIDField(db_index=True)
    obstacles = models.TextField(blank=True, null=True)
    strategy = models.TextField(blank=True, null=True)
    process = models.TextField(blank=True, null=True)
    customers = models.TextField(blank=True, null=True)
    technology = models.TextField(blank=True, null=True)
    submittedat = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    operation = models.TextField()
    archived_at = models.DateTimeField(default=timezone.now)

    class Meta:
        managed = False
        db_table = "growth_assessment_history"
        ordering = ["-archived_at"]
        verbose_name = verbose_name_plural = "legacy growth assessment history"

    def __str__(self) -> str:
        return f"{self.operation} of {self.u_id} at {self.archived_at:%Y-%m-%d %H:%M}"
