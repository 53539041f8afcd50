"""Scheduled work of assessments (Celery beat): delegation reminders, recurring pulses,
reassessment prompts. Each is safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from assessments import services
from assessments.choices import PromptStatus
from assessments.models import ReassessmentPrompt
from notifications.audit import audited_update
from notifications.services import event_record
from scoring.choices import AssessmentType

RETRYING = {
    "acks_late": True,
    "autoretry_for": (Exception,),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 5,
}


@shared_task(**RETRYING)
def send_delegation_reminders() -> int:
    """Once a day: remind delegates who have not answered (the reminder key is the date)."""
    return services.delegation_reminders_send()


@shared_task(**RETRYING)
def roll_over_pulses() -> int:
    """Close pulses past their end; open the next round of recurring ones."""
    return services.pulses_roll_over()


@shared_task(**RETRYING)
def send_reassessment_prompts() -> int:
    """Prompts that fell due become a notification once (status pending → sent)."""
    sent = 0
    due = ReassessmentPrompt.objects.filter(
        status=PromptStatus.PENDING, due_at__lte=timezone.now()
    ).select_related("user", "org")
    for prompt in due[:1000]:
        with transaction.atomic():
            claimed = audited_update(
                ReassessmentPrompt.objects.filter(pk=prompt.pk, status=PromptStatus.PENDING),
                status=PromptStatus.SENT,
                sent_at=timezone.now(),
            )
            if not claimed:
                continue  # another worker sent it
            event_record(
                event_type="reassessment.due",
                source="assessments",
                user=prompt.user,
                org=prompt.org,
                data={
                    "prompt_id": str(prompt.pk),
                    "assessment_type": prompt.assessment_type,
                    "assessment_label": AssessmentType(prompt.assessment_type).label,
                    "link": reverse("assessments:index", args=[prompt.org.slug])
                    if prompt.org
                    else "",
                },
            )
            sent += 1
    return sent
