"""Reassessment prompts and what follows a scored result in assessments' tables: the result's
insights and the prompt to take the assessment again (scoring.signals.result_scored), the
"results viewed" analytics event, and the hourly sweep that turns due prompts into
notifications."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from assessments import selectors
from assessments.choices import AnalyticsEvent, PromptStatus
from assessments.models import AssessmentInsight, ReassessmentPrompt
from assessments.services.common import analytics_record
from config import tenancy
from events.audit import audited_bulk_create, audited_update
from events.services import event_record
from scoring.choices import AssessmentType

OPEN_PROMPTS = [PromptStatus.PENDING, PromptStatus.SENT]


def result_followups_write(*, result, label: str, insights: list[dict]) -> None:
    """In the scoring transaction: the result's assessment insights; the open prompts of this
    assessment are completed and the next one is scheduled."""
    audited_bulk_create(AssessmentInsight, [AssessmentInsight(**row) for row in insights])
    audited_update(
        ReassessmentPrompt.objects.filter(
            user_id=result.user_id,
            org_id=result.org_id,
            assessment_type=result.assessment_type,
            status__in=OPEN_PROMPTS,
        ),
        status=PromptStatus.COMPLETED,
        completed_at=timezone.now(),
    )
    ReassessmentPrompt.objects.create(
        user_id=result.user_id,
        org_id=result.org_id,
        assessment_type=result.assessment_type,
        previous_result=result,
        prompt=(
            f"Retake {label} to measure your progress since {result.created_at:%d %b %Y} "
            f"(score {result.score})."
        ),
        due_at=result.created_at + timedelta(days=settings.REASSESSMENT_AFTER_DAYS),
    )


def result_viewed_record(*, result, user, org) -> None:
    analytics_record(
        user=user,
        org=org,
        wizard=result.assessment_type,
        event=AnalyticsEvent.RESULTS_VIEWED,
        result_id=str(result.pk),
    )


def reassessment_prompts_send_unscoped() -> int:
    """Prompts that fell due, in every organisation, become a notification once (status
    pending → sent); safe to run twice and on two workers at once."""
    sent = 0
    with tenancy.unscoped():
        for prompt in selectors.prompts_fallen_due_unscoped(now=timezone.now(), limit=1000):
            sent += _prompt_send(prompt)
    return sent


@transaction.atomic
def _prompt_send(prompt: ReassessmentPrompt) -> int:
    claimed = audited_update(
        ReassessmentPrompt.objects.filter(pk=prompt.pk, status=PromptStatus.PENDING),
        status=PromptStatus.SENT,
        sent_at=timezone.now(),
    )
    if not claimed:
        return 0  # another worker sent it
    event_record(
        event_type="reassessment.due",
        source="assessments",
        user=prompt.user,
        org=prompt.org,
        data={
            "prompt_id": str(prompt.pk),
            "assessment_type": prompt.assessment_type,
            "assessment_label": AssessmentType(prompt.assessment_type).label,
            "link": reverse("assessments:index", args=[prompt.org.slug]) if prompt.org else "",
        },
    )
    return 1
