"""Reads of assessment data. Org first; a user's attempts are their own."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from assessments.choices import AttemptStatus, DelegationStatus, PromptStatus
from assessments.models import (
    SPECIALISED_MODELS,
    AssessmentTemplate,
    OnboardingAssessment,
    QuestionDelegation,
    ReassessmentPrompt,
    SpecialisedAssessment,
)
from orgs.models import Organization
from scoring.choices import AssessmentType


def template_active(assessment_type: str) -> AssessmentTemplate | None:
    """The question bank new attempts of this type use (the newest active version)."""
    return (
        AssessmentTemplate.objects.filter(assessment_type=assessment_type, is_active=True)
        .order_by("-created_at")
        .first()
    )


def templates_active() -> dict[str, AssessmentTemplate]:
    """The active bank of every type, in one query."""
    active: dict[str, AssessmentTemplate] = {}
    for template in AssessmentTemplate.objects.filter(is_active=True).order_by(
        "assessment_type", "-created_at"
    ):
        active.setdefault(template.assessment_type, template)
    return active


def template_attempt_count(template: AssessmentTemplate) -> int:
    model = SPECIALISED_MODELS.get(template.assessment_type)
    if model is None:
        return 0
    return model.objects.filter(template=template).count()


def attempt_model(assessment_type: str) -> type[SpecialisedAssessment]:
    if assessment_type not in SPECIALISED_MODELS:
        raise LookupError(f"Unknown assessment type {assessment_type!r}.")
    return SPECIALISED_MODELS[assessment_type]


def attempt_of_user(
    *, org: Organization, user: User, assessment_type: str, attempt_id
) -> SpecialisedAssessment | None:
    """One of the user's own attempts in this org (None for anyone else's)."""
    return (
        attempt_model(assessment_type)
        .objects.select_related("template")
        .filter(org=org, user=user, pk=attempt_id)
        .first()
    )


def attempt_draft(*, org: Organization, user: User, assessment_type: str):
    return (
        attempt_model(assessment_type)
        .objects.select_related("template")
        .filter(org=org, user=user, status=AttemptStatus.DRAFT)
        .order_by("-created_at")
        .first()
    )


def drafts_of_user(*, org: Organization, user: User) -> dict[str, SpecialisedAssessment]:
    """The user's open draft per type (11 small indexed queries, whatever the history size)."""
    drafts = {}
    for assessment_type, model in SPECIALISED_MODELS.items():
        draft = (
            model.objects.filter(org=org, user=user, status=AttemptStatus.DRAFT)
            .order_by("-created_at")
            .only("id", "answers", "started_at", "updated_at", "template_id")
            .first()
        )
        if draft is not None:
            drafts[assessment_type] = draft
    return drafts


def onboarding_latest(*, org: Organization, user: User) -> OnboardingAssessment | None:
    return OnboardingAssessment.objects.filter(org=org, user=user).order_by("-created_at").first()


def onboarding_submitted(*, org: Organization | None, user: User) -> OnboardingAssessment | None:
    return (
        OnboardingAssessment.objects.filter(org=org, user=user, status=AttemptStatus.SUBMITTED)
        .order_by("-submitted_at")
        .first()
    )


def onboarding_answers(onboarding: OnboardingAssessment | None) -> dict:
    """The onboarding fields the engine's SWOT reads."""
    if onboarding is None:
        return {}
    return {
        "growth_pace": onboarding.growth_pace,
        "funding_status": onboarding.funding_status,
        "tech_maturity": onboarding.tech_maturity,
        "team_alignment": onboarding.team_alignment,
        "strategy_decision_method": onboarding.strategy_decision_method,
        "friction_points": list(onboarding.friction_points or []),
    }


def delegations_to_user(user: User) -> QuerySet[QuestionDelegation]:
    """Questions delegated to this user, in any organisation (they may not be a member)."""
    return (
        QuestionDelegation.objects.filter(Q(delegate=user))
        .exclude(status=DelegationStatus.REVOKED)
        .select_related("org", "owner")
        .order_by("status", "-created_at")
    )


def delegations_of_attempt(attempt) -> dict[str, QuestionDelegation]:
    """question_key → its latest delegation, for the owner's view of who answers what."""
    rows = (
        QuestionDelegation.objects.filter(assessment_id=attempt.pk)
        .exclude(status=DelegationStatus.REVOKED)
        .select_related("delegate")
        .order_by("created_at")
    )
    return {row.question_key: row for row in rows}


def prompts_due(*, org: Organization, user: User) -> QuerySet[ReassessmentPrompt]:
    """Reassessments due now or within a week."""
    return ReassessmentPrompt.objects.filter(
        org=org,
        user=user,
        status__in=[PromptStatus.PENDING, PromptStatus.SENT],
        due_at__lte=timezone.now() + timedelta(days=7),
    ).order_by("due_at")


def attempt_counts(*, org: Organization) -> dict[str, dict[str, int]]:
    """Per type: attempts started and submitted in the org (for the owner's analytics)."""
    counts = {}
    for assessment_type, model in SPECIALISED_MODELS.items():
        counts[assessment_type] = model.objects.filter(org=org).aggregate(
            started=Count("id"), submitted=Count("id", filter=Q(status=AttemptStatus.SUBMITTED))
        )
    return counts


def type_label(assessment_type: str) -> str:
    return AssessmentType(assessment_type).label
