"""The specialised assessments (seed §10.3, §11): one row per attempt at one assessment family.

The seed only names these tables; they share one shape (SpecialisedAssessment): who answers
(user, org), which question bank (template, template_version), the answers (jsonb) and the
attempt's progress (status draft → submitted, started_at, submitted_at).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from assessments.choices import AttemptStatus
from config.modeling import OrgOrPersonalModel, choice_check, updated_at_field


class SpecialisedAssessment(OrgOrPersonalModel):
    """An attempt of a user, in the org they took it in, or personal (org NULL)."""

    template = models.ForeignKey(
        "assessments.AssessmentTemplate",
        db_column="template_id",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    template_version = models.TextField(default="v1", db_default="v1")
    answers = models.JSONField(default=dict, blank=True)
    status = models.TextField(
        choices=AttemptStatus.choices, default=AttemptStatus.DRAFT, db_default=AttemptStatus.DRAFT
    )
    started_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = updated_at_field()

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} by {self.user_id} ({self.status})"


def attempt_constraints(table: str) -> list[models.BaseConstraint]:
    return [
        choice_check(table, "status", AttemptStatus),
        models.CheckConstraint(
            condition=~models.Q(status=AttemptStatus.SUBMITTED)
            | models.Q(submitted_at__isnull=False),
            name=f"{table}_submitted_at_check",
        ),
    ]


class StrategicMaturityAssessment(SpecialisedAssessment):
    class Meta(SpecialisedAssessment.Meta):
        db_table = "strategic_maturity_assessment"
        constraints = attempt_constraints("strategic_maturity_assessment")


class BpmAssessment(SpecialisedAssessment):
    class Meta(SpecialisedAssessment.Meta):
        db_table = "bpm_assessment"
        verbose_name = "BPM assessment"
        constraints = attempt_constraints("bpm_assessment")


class CompetitiveBenchmarkingAssessment(SpecialisedAssessment):
    class Meta(SpecialisedAssessment.Meta):
        db_table = "competitive_benchmarking_assessment"
        constraints = attempt_constraints("competitive_benchmarking_assessment")


class CustomerExperienceAssessment(SpecialisedAssessment):
    class Meta(SpecialisedAssessment.Meta):
        db_table = "customer_experience_assessment"
        constraints = attempt_constraints("customer_experience_assessment")


class DigitalTransformationAssessment(SpecialisedAssessment):
    class Meta(SpecialisedAssessment.Meta):
        db_table = "digital_transformation_assessment"
        constraints = attempt_constraints("digital_transformation_assessment")


class LeadershipAssessment(SpecialisedAssessment):
    class Meta(SpecialisedAssessment.Meta):
        db_table = "leadership_assessment"
        constraints = attempt_constraints("leadership_assessment")


class MarketingEffectivenessAssessment(SpecialisedAssessment):
    class Meta(SpecialisedAssessment.Meta):
        db_table = "marketing_effectiveness_assessment"
        constraints = attempt_constraints("marketing_effectiveness_assessment")


class SalesPerformanceAssessment(SpecialisedAssessment):
    class Meta(SpecialisedAssessment.Meta):
        db_table = "sales_performance_assessment"
        constraints = attempt_constraints("sales_performance_assessment")


class TechStackAssessment(SpecialisedAssessment):
    class Meta(SpecialisedAssessment.Meta):
        db_table = "tech_stack_assessment"
        constraints = attempt_constraints("tech_stack_assessment")


class ReassessmentAssessment(SpecialisedAssessment):
    class Meta(SpecialisedAssessment.Meta):
        db_table = "reassessment_assessment"
        constraints = attempt_constraints("reassessment_assessment")


class AiReadinessAssessment(SpecialisedAssessment):
    class Meta(SpecialisedAssessment.Meta):
        db_table = "ai_readiness_assessment"
        verbose_name = "AI readiness assessment"
        constraints = attempt_constraints("ai_readiness_assessment")


SPECIALISED_MODELS: dict[str, type[SpecialisedAssessment]] = {
    "strategic_maturity": StrategicMaturityAssessment,
    "bpm": BpmAssessment,
    "competitive_benchmarking": CompetitiveBenchmarkingAssessment,
    "customer_experience": CustomerExperienceAssessment,
    "digital_transformation": DigitalTransformationAssessment,
    "leadership": LeadershipAssessment,
    "marketing_effectiveness": MarketingEffectivenessAssessment,
    "sales_performance": SalesPerformanceAssessment,
    "tech_stack": TechStackAssessment,
    "reassessment": ReassessmentAssessment,
    "ai_readiness": AiReadinessAssessment,
}
