"""Question banks and integration templates (seed §12.1), reassessment prompts (§11.10)."""

from __future__ import annotations

from django.db import models

from assessments.choices import PromptStatus
from config.modeling import (
    OrgOrPersonalModel,
    UUIDModel,
    choice_check,
    created_at_field,
    updated_at_field,
)
from scoring.choices import AssessmentType


class AssessmentTemplate(UUIDModel):
    """assessment_templates: a versioned question bank and scoring rubric of one assessment type.

    Product-wide (not per organisation): global reference data, plain manager. An attempt
    records the template and version it used.
    """

    assessment_type = models.TextField(choices=AssessmentType.choices)
    version = models.TextField(default="v1", db_default="v1")
    title = models.TextField()
    description = models.TextField(blank=True, default="")
    questions = models.JSONField(default=list, blank=True)
    rubric = models.JSONField(default=dict, blank=True)
    is_active = models.BooleanField(default=True, db_default=True)
    created_at = created_at_field()
    updated_at = updated_at_field()

    class Meta:
        db_table = "assessment_templates"
        ordering = ["assessment_type", "-created_at"]
        constraints = [
            choice_check("assessment_templates", "assessment_type", AssessmentType),
            models.UniqueConstraint(
                fields=["assessment_type", "version"],
                name="assessment_templates_assessment_type_version_uniq",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"


class IntegrationTemplate(UUIDModel):
    """integration_templates: a ready-made connection to a tool (CRM, analytics, billing) whose
    data an assessment can draw on; `config_schema` says which settings a user must fill in.
    Global reference data (plain manager)."""

    provider = models.TextField()
    name = models.TextField()
    category = models.TextField(blank=True, default="")
    description = models.TextField(blank=True, default="")
    config_schema = models.JSONField(default=dict, blank=True)
    default_config = models.JSONField(default=dict, blank=True)
    assessment_types = models.JSONField(default=list, blank=True)
    is_active = models.BooleanField(default=True, db_default=True)
    created_at = created_at_field()
    updated_at = updated_at_field()

    class Meta:
        db_table = "integration_templates"
        ordering = ["provider", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "name"], name="integration_templates_provider_name_uniq"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider}: {self.name}"


class ReassessmentPrompt(OrgOrPersonalModel):
    """reassessment_prompts: a reminder to take an assessment again once it is due."""

    assessment_type = models.TextField(choices=AssessmentType.choices)
    previous_result = models.ForeignKey(
        "scoring.AssessmentScoringResult",
        db_column="previous_result_id",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    prompt = models.TextField()
    due_at = models.DateTimeField()
    status = models.TextField(
        choices=PromptStatus.choices, default=PromptStatus.PENDING, db_default=PromptStatus.PENDING
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = updated_at_field()

    class Meta:
        db_table = "reassessment_prompts"
        ordering = ["due_at"]
        constraints = [
            choice_check("reassessment_prompts", "assessment_type", AssessmentType),
            choice_check("reassessment_prompts", "status", PromptStatus),
        ]

    def __str__(self) -> str:
        return f"Reassess {self.assessment_type} by {self.due_at:%Y-%m-%d}"
