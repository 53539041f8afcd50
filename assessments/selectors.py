"""Reads of assessment data. Org first; a user's attempts are their own.

Every read runs in the caller's tenancy scope (config.tenancy); a read across organisations
(a delegate's questions from any org, an invitation by its token, the beat sweeps) says so in
its name, `…_unscoped`, and opens `tenancy.unscoped()` itself. Querysets returned from such a
block are evaluated later without a scope check, so they are safe to paginate.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Avg, Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from accounts.models import User
from assessments.choices import (
    AnalyticsEvent,
    AssignmentStatus,
    AttemptStatus,
    DelegationStatus,
    PromptStatus,
    PulseStatus,
)
from assessments.models import (
    SPECIALISED_MODELS,
    AssessmentAnalytics,
    AssessmentAssignment,
    AssessmentDelegation,
    AssessmentInsight,
    AssessmentInvitation,
    AssessmentSession,
    AssessmentTemplate,
    OnboardingAssessment,
    PulseDelegation,
    PulseResponse,
    QuestionDelegation,
    ReassessmentPrompt,
    SpecialisedAssessment,
    StrategicPulse,
)
from config import tenancy
from orgs.models import Membership, Organization
from scoring import selectors as scoring_selectors


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


def delegations_to_user_unscoped(user: User) -> QuerySet[QuestionDelegation]:
    """Questions delegated to this user, in any organisation (they may not be a member)."""
    with tenancy.unscoped():
        return (
            QuestionDelegation.objects_unscoped.filter(delegate=user)
            .exclude(status=DelegationStatus.REVOKED)
            .select_related("org", "owner")
            .order_by("status", "-created_at")
        )


def delegated_question_definitions_unscoped(rows: list[QuestionDelegation]) -> dict:
    """delegation id → its question's definition, from each attempt's own template version
    (one query per assessment type present, whatever the number of rows), across orgs."""
    by_type: dict[str, set] = {}
    for row in rows:
        if row.assessment_id:
            by_type.setdefault(row.assessment_type, set()).add(row.assessment_id)
    templates = {}
    with tenancy.unscoped():
        for assessment_type, ids in by_type.items():
            attempts = attempt_model(assessment_type).objects_unscoped.filter(pk__in=ids)
            for attempt in attempts.select_related("template"):
                if attempt.template is not None:
                    templates[attempt.pk] = {q["key"]: q for q in attempt.template.questions}
    return {row.pk: templates.get(row.assessment_id, {}).get(row.question_key) for row in rows}


def delegation_org_id_unscoped(delegation_id):
    """The organisation of a delegated question (its delegate answers it from anywhere)."""
    with tenancy.unscoped():
        return (
            QuestionDelegation.objects_unscoped.filter(pk=delegation_id)
            .values_list("org_id", flat=True)
            .first()
        )


def invitation_org_id_unscoped(*, token_hash: str):
    """The organisation of the invitation with this token (opened by someone outside it)."""
    with tenancy.unscoped():
        return (
            AssessmentInvitation.objects_unscoped.filter(token_hash=token_hash)
            .values_list("org_id", flat=True)
            .first()
        )


def delegations_to_remind_unscoped(*, cutoff) -> QuerySet[AssessmentDelegation]:
    """Delegations still waiting for an answer, created before `cutoff`, in every org."""
    with tenancy.unscoped():
        return (
            AssessmentDelegation.objects_unscoped.filter(
                status__in=[DelegationStatus.PENDING, DelegationStatus.ACCEPTED],
                created_at__lte=cutoff,
            )
            .select_related("org", "owner")
            .order_by("created_at")
        )


def pulses_to_close_unscoped(*, now) -> QuerySet[StrategicPulse]:
    with tenancy.unscoped():
        return StrategicPulse.objects_unscoped.filter(
            status=PulseStatus.OPEN, closes_at__lte=now
        ).select_related("org", "created_by")


def pulse_members_still_in_org_unscoped(pulse: StrategicPulse) -> dict[str, User]:
    """email → user of the pulse's recipients who are still members of its organisation."""
    with tenancy.unscoped():
        members = set(
            Membership.objects.filter(org_id=pulse.org_id).values_list("user_id", flat=True)
        )
        rows = PulseDelegation.objects_unscoped.filter(pulse=pulse).select_related("delegate")
        return {d.delegate_email: d.delegate for d in rows if d.delegate_id in members}


def prompts_fallen_due_unscoped(*, now, limit: int) -> list[ReassessmentPrompt]:
    with tenancy.unscoped():
        return list(
            ReassessmentPrompt.objects_unscoped.filter(
                status=PromptStatus.PENDING, due_at__lte=now
            ).select_related("user", "org")[:limit]
        )


def questions_pending_for(*, assessment_id, delegate_email: str) -> bool:
    """Whether this delegate still has unanswered questions of the attempt."""
    return QuestionDelegation.objects.filter(
        assessment_id=assessment_id,
        delegate_email=delegate_email,
        status=DelegationStatus.PENDING,
    ).exists()


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


def attempts_of_user(*, org: Organization, user: User, assessment_type: str) -> QuerySet:
    return (
        attempt_model(assessment_type).objects.filter(org=org, user=user).select_related("template")
    )


def attempt_by_id(assessment_type: str, attempt_id) -> SpecialisedAssessment | None:
    """An attempt by its id, in the open scope (its org's, for a delegate or a result)."""
    return (
        attempt_model(assessment_type)
        .objects.select_related("template")
        .filter(pk=attempt_id)
        .first()
    )


def template_questions(template_id) -> AssessmentTemplate:
    return AssessmentTemplate.objects.only("id", "questions").get(pk=template_id)


def templates_active_all() -> QuerySet[AssessmentTemplate]:
    return AssessmentTemplate.objects.filter(is_active=True)


def session_latest(*, assessment_id, user: User | None = None) -> AssessmentSession | None:
    """Where the user is in a wizard (its newest session)."""
    rows = AssessmentSession.objects.filter(assessment_id=assessment_id)
    if user is not None:
        rows = rows.filter(user=user)
    return rows.order_by("-last_activity_at").first()


def member_by_email(org: Organization, email: str) -> User | None:
    membership = (
        Membership.objects.select_related("user").filter(org=org, user__email__iexact=email).first()
    )
    return membership.user if membership else None


def member_choices(org: Organization) -> list[tuple[str, str]]:
    return [
        (m.user.email, f"{m.user.get_full_name() or m.user.email} ({m.user.email})")
        for m in Membership.objects.filter(org=org).select_related("user").order_by("user__email")
    ]


# --- Team page -----------------------------------------------------------------------------------


def assignments_open_of_user(*, org: Organization, user: User, limit: int = 10) -> list:
    return list(
        AssessmentAssignment.objects.filter(
            org=org,
            assignee=user,
            status__in=[AssignmentStatus.ASSIGNED, AssignmentStatus.IN_PROGRESS],
        ).order_by("due_date")[:limit]
    )


def assignments_of_org(*, org: Organization, limit: int = 50) -> list:
    return list(
        AssessmentAssignment.objects.filter(org=org)
        .select_related("assignee")
        .order_by("-created_at")[:limit]
    )


def delegations_owned(*, org: Organization, owner: User) -> QuerySet[AssessmentDelegation]:
    return AssessmentDelegation.objects.filter(org=org, owner=owner)


def delegation_owned(*, org: Organization, owner: User, delegation_id):
    return delegations_owned(org=org, owner=owner).filter(pk=delegation_id).first()


def delegations_owned_with_questions(
    *, org: Organization, owner: User, limit: int = 50
) -> list[AssessmentDelegation]:
    """The owner's latest delegations, each with `.questions` (its question rows), in two
    queries."""
    delegations = list(
        delegations_owned(org=org, owner=owner)
        .select_related("delegate")
        .order_by("-created_at")[:limit]
    )
    question_rows: dict = {}
    if delegations:
        rows = QuestionDelegation.objects.filter(
            assessment_id__in={d.assessment_id for d in delegations}, owner=owner
        ).order_by("created_at")
        for row in rows:
            question_rows.setdefault((row.assessment_id, row.delegate_email), []).append(row)
    for d in delegations:
        d.questions = question_rows.get((d.assessment_id, d.delegate_email), [])
    return delegations


def insights_latest(*, org: Organization, user: User, limit: int = 8) -> list[AssessmentInsight]:
    """The insights of the user's latest result of each type, most urgent first."""
    urgency = Case(
        When(priority="high", then=Value(0)),
        When(priority="medium", then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    latest = scoring_selectors.result_ids_latest_per_type(org=org, user=user)
    return list(
        AssessmentInsight.objects.filter(result_id__in=latest)
        .annotate(urgency=urgency)
        .order_by("urgency", "-created_at")[:limit]
    )


def analytics_funnel(*, org: Organization) -> tuple[list[dict], dict]:
    """Per wizard: (started, submitted, mean step time) rows, and step → completions."""
    counts = (
        AssessmentAnalytics.objects.filter(org=org)
        .values("assessment_type")
        .annotate(
            started=Count("id", filter=Q(event_type=AnalyticsEvent.STARTED)),
            submitted=Count("id", filter=Q(event_type=AnalyticsEvent.SUBMITTED)),
            step_ms=Avg("duration_ms", filter=Q(event_type=AnalyticsEvent.STEP_COMPLETED)),
        )
        .order_by("assessment_type")
    )
    steps: dict = {}
    last_steps = (
        AssessmentAnalytics.objects.filter(org=org, event_type=AnalyticsEvent.STEP_COMPLETED)
        .values("assessment_type", "step")
        .annotate(n=Count("id"))
    )
    for row in last_steps:
        steps.setdefault(row["assessment_type"], {})[row["step"]] = row["n"]
    return list(counts), steps


# --- Pulses --------------------------------------------------------------------------------------


def pulses_of_org(org: Organization) -> QuerySet[StrategicPulse]:
    return StrategicPulse.objects.filter(org=org)


def pulse_of_org(*, org: Organization, pulse_id) -> StrategicPulse | None:
    return pulses_of_org(org).filter(pk=pulse_id).first()


def pulses_with_counts(*, org: Organization, limit: int = 50) -> list[StrategicPulse]:
    return list(
        pulses_of_org(org)
        .annotate(
            response_count=Count("responses", distinct=True),
            invited=Count("delegations", distinct=True),
        )
        .order_by("-created_at")[:limit]
    )


def pulses_to_answer(*, org: Organization, user: User) -> set:
    """Ids of the open pulses sent to this user that they have not answered yet."""
    return set(
        pulses_of_org(org)
        .filter(status=PulseStatus.OPEN, delegations__delegate=user)
        .exclude(responses__respondent=user)
        .values_list("pk", flat=True)
    )


def pulse_invited_count(pulse: StrategicPulse) -> int:
    return pulse.delegations.count()


def pulse_delegation_of(*, pulse: StrategicPulse, user: User) -> PulseDelegation | None:
    return PulseDelegation.objects.filter(pulse=pulse, delegate=user).first()


def pulse_answered_by(*, pulse: StrategicPulse, user: User) -> bool:
    return PulseResponse.objects.filter(pulse=pulse, respondent=user).exists()
