"""onboarding_assessments (seed §3.1): the onboarding survey, one row per attempt."""

from __future__ import annotations

import uuid

from django.contrib.postgres.fields import ArrayField
from django.db import models

from assessments.choices import (
    AttemptStatus,
    FinalConfirmation,
    FundingStatus,
    GrowthPace,
    StrategyDecision,
    TeamAlignment,
    TechMaturity,
)
from config import tenancy
from config.modeling import (
    choice_check,
    created_at_field,
    org_fk,
    updated_at_field,
    user_fk,
)
from config.pg import EnumField

TABLE = "onboarding_assessments"


def _text() -> models.TextField:
    return models.TextField(blank=True, null=True)


def _enum(enum_name: str, choices: type[models.TextChoices], **kwargs) -> EnumField:
    return EnumField(enum_name=enum_name, choices=choices.choices, null=True, blank=True, **kwargs)


class OnboardingAssessment(models.Model):
    """The seed's columns exactly, plus org_id, status, submitted_at and updated_at, which the
    wizard needs to save a draft, submit it and show it to the user's organisation."""

    o_id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = user_fk(column="u_id", related_name="onboarding_assessments")
    # Business profile
    growth_metrics = _text()
    gtm_strategy = _text()
    differentiator = _text()
    brand_perception = _text()
    tech_stack = _text()
    process_discipline = _text()
    acquisition_channels = _text()
    retention_strategy = _text()
    decision_bottlenecks = _text()
    future_success = _text()
    benchmark_preferences = _text()
    unresolved_issue = _text()
    business_priorities = _text()
    business_overview = _text()
    # Categorical fields (PostgreSQL enum types, seed §13.2)
    tech_maturity = _enum("tech_maturity", TechMaturity)
    team_alignment = _enum("team_alignment", TeamAlignment)
    funding_status = _enum("funding_status", FundingStatus)
    growth_pace = _enum("growth_pace", GrowthPace)
    final_confirmation = _enum("final_confirmation", FinalConfirmation)
    strategy_decision_method = _enum("strategy_decision", StrategyDecision)
    friction_points = ArrayField(models.TextField(), blank=True, null=True, default=list)
    created_at = created_at_field()
    # Additions (docs/data-model.md)
    org = org_fk(null=True, related_name="onboarding_assessments")
    status = models.TextField(
        choices=AttemptStatus.choices, default=AttemptStatus.DRAFT, db_default=AttemptStatus.DRAFT
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = updated_at_field()

    # Org-or-personal with the seed's own key (o_id) and user column (u_id): the managers only.
    objects = tenancy.OrgOrPersonalManager()
    objects_unscoped = tenancy.UnscopedManager()

    class Meta:
        db_table = TABLE
        ordering = ["-created_at"]
        constraints = [
            choice_check(TABLE, "status", AttemptStatus),
            models.CheckConstraint(
                condition=~models.Q(status=AttemptStatus.SUBMITTED)
                | models.Q(submitted_at__isnull=False),
                name=f"{TABLE}_submitted_at_check",
            ),
        ]

    def __str__(self) -> str:
        return f"Onboarding of {self.user_id} ({self.created_at:%Y-%m-%d})"
