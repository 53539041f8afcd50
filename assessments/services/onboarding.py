"""The onboarding wizard: start (or resume), save a step, submit."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from assessments import selectors
from assessments.choices import (
    AnalyticsEvent,
    AttemptStatus,
)
from assessments.models import (
    OnboardingAssessment,
)
from assessments.services.common import (
    analytics_record,
    session_touch,
)
from events.services import event_record
from orgs.models import Organization

ONBOARDING_STEPS = [
    ("Your business", ["business_overview", "business_priorities", "growth_metrics"]),
    (
        "Go-to-market",
        [
            "gtm_strategy",
            "differentiator",
            "brand_perception",
            "acquisition_channels",
            "retention_strategy",
        ],
    ),
    (
        "Operations and decisions",
        [
            "tech_stack",
            "tech_maturity",
            "process_discipline",
            "team_alignment",
            "strategy_decision_method",
            "decision_bottlenecks",
        ],
    ),
    (
        "Growth outlook",
        [
            "growth_pace",
            "funding_status",
            "future_success",
            "benchmark_preferences",
            "unresolved_issue",
            "friction_points",
        ],
    ),
    ("Confirm", ["final_confirmation"]),
]


@transaction.atomic
def onboarding_start(*, user: User, org: Organization) -> OnboardingAssessment:
    """The user's onboarding draft in this org (resumed if there is one)."""
    draft = (
        OnboardingAssessment.objects.select_for_update()
        .filter(user=user, org=org, status=AttemptStatus.DRAFT)
        .order_by("-created_at")
        .first()
    )
    if draft is not None:
        return draft
    previous = selectors.onboarding_submitted(org=org, user=user)
    # Updating a submitted onboarding starts from its answers, not from a blank page.
    carried = {
        name: getattr(previous, name)
        for _, fields in ONBOARDING_STEPS
        for name in fields
        if previous is not None and name != "final_confirmation"
    }
    draft = OnboardingAssessment.objects.create(user=user, org=org, **carried)
    session_touch(
        user=user,
        org=org,
        wizard="onboarding",
        assessment_id=draft.pk,
        step=0,
        total=len(ONBOARDING_STEPS),
    )
    analytics_record(user=user, org=org, wizard="onboarding", event=AnalyticsEvent.STARTED, step=0)
    return draft


@transaction.atomic
def onboarding_save_step(
    *, onboarding: OnboardingAssessment, step: int, data: dict, user: User
) -> OnboardingAssessment:
    """Save one step's cleaned fields; progress is kept so the user can leave and resume."""
    if onboarding.status != AttemptStatus.DRAFT:
        raise ValidationError("This onboarding has already been submitted.")
    fields = ONBOARDING_STEPS[step][1]
    for name in fields:
        if name in data:
            setattr(onboarding, name, data[name])
    onboarding.save()
    elapsed = session_touch(
        user=user,
        org=onboarding.org,
        wizard="onboarding",
        assessment_id=onboarding.pk,
        step=step + 1,
        total=len(ONBOARDING_STEPS),
    )
    analytics_record(
        user=user,
        org=onboarding.org,
        wizard="onboarding",
        event=AnalyticsEvent.STEP_COMPLETED,
        step=step,
        duration_ms=elapsed,
    )
    return onboarding


@transaction.atomic
def onboarding_submit(*, onboarding: OnboardingAssessment, user: User) -> OnboardingAssessment:
    if onboarding.status != AttemptStatus.DRAFT:
        raise ValidationError("This onboarding has already been submitted.")
    if not onboarding.final_confirmation:
        raise ValidationError({"final_confirmation": ["Confirm your answers to finish."]})
    if not onboarding.business_overview:
        raise ValidationError(
            {"business_overview": ["Describe your business in a sentence or two first."]}
        )
    onboarding.status = AttemptStatus.SUBMITTED
    onboarding.submitted_at = timezone.now()
    onboarding.save()
    session_touch(
        user=user,
        org=onboarding.org,
        wizard="onboarding",
        assessment_id=onboarding.pk,
        step=len(ONBOARDING_STEPS),
        total=len(ONBOARDING_STEPS),
        done=True,
    )
    analytics_record(
        user=user, org=onboarding.org, wizard="onboarding", event=AnalyticsEvent.SUBMITTED
    )
    event_record(
        event_type="onboarding.submitted",
        source="assessments",
        user=user,
        org=onboarding.org,
        data={"onboarding_id": str(onboarding.pk)},
    )
    return onboarding
