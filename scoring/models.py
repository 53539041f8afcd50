"""Scoring (seed §3.2, §11, §12.2): results, the per-family score tables, scorecard insights."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Now
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from config import tenancy
from scoring.choices import AssessmentType, Bracket, Priority

SCORE_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("5"))]
CONFIDENCE_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))]


def choice_check(table: str, field: str, choices: type[models.TextChoices]):
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__in": choices.values}), name=f"{table}_{field}_check"
    )


def range_check(table: str, field: str, low, high, *, nullable: bool = False):
    condition = models.Q(**{f"{field}__gte": low, f"{field}__lte": high})
    if nullable:
        condition |= models.Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(condition=condition, name=f"{table}_{field}_check")


class AssessmentScoringResult(models.Model):
    """assessment_scoring_results (§3.2): one scored assessment with its recommendations."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_column="user_id",
        on_delete=models.CASCADE,
        related_name="scoring_results",
    )
    assessment_type = models.TextField(choices=AssessmentType.choices)
    score = models.DecimalField(max_digits=3, decimal_places=2, validators=SCORE_VALIDATORS)
    bracket = models.TextField(choices=Bracket.choices)
    description = models.TextField(blank=True, null=True)
    recommendations = ArrayField(models.TextField(), blank=True, null=True, default=list)
    next_steps = ArrayField(models.TextField(), blank=True, null=True, default=list)
    confidence = models.DecimalField(
        max_digits=3, decimal_places=2, blank=True, null=True, validators=CONFIDENCE_VALIDATORS
    )
    ai_insights = models.TextField(blank=True, null=True)
    category_scores = models.JSONField(blank=True, null=True, default=dict)
    swot_analysis = models.JSONField(blank=True, null=True, default=dict)
    org = models.ForeignKey(
        "orgs.Organization",
        db_column="org_id",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="scoring_results",
    )
    created_at = models.DateTimeField(default=timezone.now, db_default=Now())
    updated_at = models.DateTimeField(auto_now=True, db_default=Now())
    # Additions (docs/data-model.md): the attempt this result scores and the exact question bank
    # and rubric version it was scored with, so recomputing it is reproducible.
    assessment_id = models.UUIDField(null=True, blank=True)
    template = models.ForeignKey(
        "assessments.AssessmentTemplate",
        db_column="template_id",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rubric_version = models.TextField(blank=True, default="", db_default="")

    # A user's result in the org they took it in, or personal (org NULL): org-or-personal.
    objects = tenancy.OrgOrPersonalManager()
    objects_unscoped = tenancy.UnscopedManager()

    class Meta:
        db_table = "assessment_scoring_results"
        ordering = ["-created_at"]
        constraints = [
            choice_check("assessment_scoring_results", "assessment_type", AssessmentType),
            range_check("assessment_scoring_results", "score", 0, 5),
            range_check("assessment_scoring_results", "confidence", 0, 1, nullable=True),
            choice_check("assessment_scoring_results", "bracket", Bracket),
        ]
        # Index names over Django's 30 characters: the composite index is in migration 0001.
        # The lists' keyset order (docs/isolation-and-api.md): the org's results newest first
        # (the API list, the manager's views) and one person's of one type (the overview's
        # latest per type, the history page and charts), with the id as the cursor's tie-breaker.
        indexes = [
            models.Index(fields=["org", "-created_at", "-id"], name="scoring_result_org_new_idx"),
            models.Index(
                fields=["org", "user", "assessment_type", "-created_at", "-id"],
                name="scoring_result_user_type_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_assessment_type_display()} {self.score}"


class ScoreBase(models.Model):
    """The shape of the §11 score_* tables (score_strategic_maturity's documented columns).

    A row is one family-specific score: the GMF score, its bracket, the answers it was computed
    from and the scoring version, linked to the assessment_scoring_results row it belongs to.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, db_column="user_id", on_delete=models.CASCADE, related_name="+"
    )
    org = models.ForeignKey(
        "orgs.Organization",
        db_column="org_id",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    result = models.ForeignKey(
        AssessmentScoringResult,
        db_column="result_id",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    gmf_score = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(5)]
    )
    bracket_key = models.TextField(choices=Bracket.choices, null=True, blank=True)
    answers = models.JSONField(default=dict, blank=True, null=True)
    version = models.TextField(default="v1", db_default="v1")
    created_at = models.DateTimeField(default=timezone.now, db_default=Now())

    objects = tenancy.OrgOrPersonalManager()
    objects_unscoped = tenancy.UnscopedManager()

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.gmf_score} ({self.bracket_key})"


def score_meta_constraints(table: str) -> list[models.BaseConstraint]:
    return [
        range_check(table, "gmf_score", 0, 5, nullable=True),
        models.CheckConstraint(
            condition=models.Q(bracket_key__in=Bracket.values) | models.Q(bracket_key__isnull=True),
            name=f"{table}_bracket_key_check",
        ),
    ]


class ScoreStrategicMaturity(ScoreBase):
    class Meta(ScoreBase.Meta):
        db_table = "score_strategic_maturity"
        verbose_name = verbose_name_plural = "score: strategic maturity"
        constraints = score_meta_constraints("score_strategic_maturity")


class ScoreBpm(ScoreBase):
    class Meta(ScoreBase.Meta):
        db_table = "score_bpm"
        verbose_name = verbose_name_plural = "score: BPM"
        constraints = score_meta_constraints("score_bpm")


class ScoreCompetitiveBenchmarking(ScoreBase):
    class Meta(ScoreBase.Meta):
        db_table = "score_competitive_benchmarking"
        verbose_name = verbose_name_plural = "score: competitive benchmarking"
        constraints = score_meta_constraints("score_competitive_benchmarking")


class ScoreCustomerExperience(ScoreBase):
    class Meta(ScoreBase.Meta):
        db_table = "score_customer_experience"
        verbose_name = verbose_name_plural = "score: customer experience"
        constraints = score_meta_constraints("score_customer_experience")


class ScoreDigitalTransformation(ScoreBase):
    class Meta(ScoreBase.Meta):
        db_table = "score_digital_transformation"
        verbose_name = verbose_name_plural = "score: digital transformation"
        constraints = score_meta_constraints("score_digital_transformation")


class ScoreLeadership(ScoreBase):
    class Meta(ScoreBase.Meta):
        db_table = "score_leadership"
        verbose_name = verbose_name_plural = "score: leadership"
        constraints = score_meta_constraints("score_leadership")


class ScoreMarketingEffectiveness(ScoreBase):
    class Meta(ScoreBase.Meta):
        db_table = "score_marketing_effectiveness"
        verbose_name = verbose_name_plural = "score: marketing effectiveness"
        constraints = score_meta_constraints("score_marketing_effectiveness")


class ScoreSalesPerformance(ScoreBase):
    class Meta(ScoreBase.Meta):
        db_table = "score_sales_performance"
        verbose_name = verbose_name_plural = "score: sales performance"
        constraints = score_meta_constraints("score_sales_performance")


class ScoreTechStack(ScoreBase):
    class Meta(ScoreBase.Meta):
        db_table = "score_tech_stack"
        verbose_name = verbose_name_plural = "score: tech stack"
        constraints = score_meta_constraints("score_tech_stack")


class ScoreReassessment(ScoreBase):
    class Meta(ScoreBase.Meta):
        db_table = "score_reassessment"
        verbose_name = verbose_name_plural = "score: reassessment"
        constraints = score_meta_constraints("score_reassessment")


SCORE_MODELS: dict[str, type[ScoreBase]] = {
    AssessmentType.STRATEGIC_MATURITY: ScoreStrategicMaturity,
    AssessmentType.BPM: ScoreBpm,
    AssessmentType.COMPETITIVE_BENCHMARKING: ScoreCompetitiveBenchmarking,
    AssessmentType.CUSTOMER_EXPERIENCE: ScoreCustomerExperience,
    AssessmentType.DIGITAL_TRANSFORMATION: ScoreDigitalTransformation,
    AssessmentType.LEADERSHIP: ScoreLeadership,
    AssessmentType.MARKETING_EFFECTIVENESS: ScoreMarketingEffectiveness,
    AssessmentType.SALES_PERFORMANCE: ScoreSalesPerformance,
    AssessmentType.TECH_STACK: ScoreTechStack,
    AssessmentType.REASSESSMENT: ScoreReassessment,
}


class ScorecardInsight(models.Model):
    """scorecard_insights (§12.2): one insight line on a user's scorecard, per category."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, db_column="user_id", on_delete=models.CASCADE, related_name="+"
    )
    org = models.ForeignKey(
        "orgs.Organization",
        db_column="org_id",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    result = models.ForeignKey(
        AssessmentScoringResult,
        db_column="result_id",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="scorecard_insights",
    )
    assessment_type = models.TextField(choices=AssessmentType.choices)
    category = models.TextField(blank=True, default="")
    title = models.TextField()
    insight = models.TextField()
    priority = models.TextField(
        choices=Priority.choices, default=Priority.MEDIUM, db_default=Priority.MEDIUM
    )
    created_at = models.DateTimeField(default=timezone.now, db_default=Now())
    updated_at = models.DateTimeField(auto_now=True, db_default=Now())

    objects = tenancy.OrgOrPersonalManager()
    objects_unscoped = tenancy.UnscopedManager()

    class Meta:
        db_table = "scorecard_insights"
        ordering = ["-created_at"]
        constraints = [
            choice_check("scorecard_insights", "assessment_type", AssessmentType),
            choice_check("scorecard_insights", "priority", Priority),
        ]

    def __str__(self) -> str:
        return self.title


class ScoringResultUserObjectPermission(UserObjectPermissionBase):
    """django-guardian grants on one result (a result shared with a colleague), as a direct
    foreign key so they are deleted with the result.

    Global (plain manager): a join table scoped through its object. Guardian reads it only to
    widen a queryset of results that is already scoped (scoring.selectors.results_visible_to).
    """

    content_object = models.ForeignKey(AssessmentScoringResult, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        db_table = "assessment_scoring_results_user_perms"


class ScoringResultGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(AssessmentScoringResult, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        db_table = "assessment_scoring_results_group_perms"
