"""Insights and usage analytics of assessments (seed §12.1), AI assessment context (§10.4)."""

from __future__ import annotations

from django.db import models

from assessments.choices import WIZARD_CHOICES, WIZARD_VALUES, AnalyticsEvent
from config.modeling import OrgOrPersonalModel, choice_check, updated_at_field, user_fk
from scoring.choices import AssessmentType, Priority


class AssessmentInsight(OrgOrPersonalModel):
    """assessment_insights: an insight drawn from a scored assessment (AI or curated)."""

    result = models.ForeignKey(
        "scoring.AssessmentScoringResult",
        db_column="result_id",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assessment_insights",
    )
    assessment_type = models.TextField(choices=AssessmentType.choices)
    category = models.TextField(blank=True, default="")
    title = models.TextField()
    insight = models.TextField()
    priority = models.TextField(
        choices=Priority.choices, default=Priority.MEDIUM, db_default=Priority.MEDIUM
    )
    source = models.TextField(blank=True, default="")
    updated_at = updated_at_field()

    class Meta:
        db_table = "assessment_insights"
        ordering = ["-created_at"]
        constraints = [
            choice_check("assessment_insights", "assessment_type", AssessmentType),
            choice_check("assessment_insights", "priority", Priority),
        ]

    def __str__(self) -> str:
        return self.title


class AssessmentAnalytics(OrgOrPersonalModel):
    """assessment_analytics: one usage event of the assessment wizards (funnel analysis)."""

    user = user_fk(null=True)  # kept when the user is deleted (the funnel still counts it)
    assessment_type = models.TextField(choices=WIZARD_CHOICES)
    event_type = models.TextField(choices=AnalyticsEvent.choices)
    step = models.PositiveIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    metadata = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "assessment_analytics"
        ordering = ["-created_at"]
        verbose_name_plural = "assessment analytics"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(assessment_type__in=WIZARD_VALUES),
                name="assessment_analytics_assessment_type_check",
            ),
            choice_check("assessment_analytics", "event_type", AnalyticsEvent),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_type}: {self.event_type}"


class AiAssessmentContext(OrgOrPersonalModel):
    """ai_assessment_context: what the AI is told about a user's business when it scores or
    explains an assessment (a summary plus structured facts from onboarding and integrations)."""

    assessment_type = models.TextField(choices=AssessmentType.choices)
    assessment_id = models.UUIDField(null=True, blank=True)
    summary = models.TextField(blank=True, default="")
    context = models.JSONField(default=dict, blank=True)
    model = models.CharField(max_length=100, blank=True, default="")
    updated_at = updated_at_field()

    class Meta:
        db_table = "ai_assessment_context"
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = "AI assessment context"
        constraints = [choice_check("ai_assessment_context", "assessment_type", AssessmentType)]

    def __str__(self) -> str:
        return f"AI context: {self.assessment_type}"
