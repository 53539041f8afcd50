"""Scheduled work of assessments (Celery beat): delegation reminders, recurring pulses,
reassessment prompts. Each is a sweep across organisations (unscoped, calling an `…_unscoped`
service) and safe to run twice."""

from __future__ import annotations

from celery import shared_task

from assessments.services import delegation, prompts, pulses

RETRYING = {
    "acks_late": True,
    "autoretry_for": (Exception,),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 5,
}


@shared_task(unscoped=True, **RETRYING)
def send_delegation_reminders() -> int:
    """Once a day: remind delegates who have not answered (the reminder key is the date)."""
    return delegation.delegation_reminders_send_unscoped()


@shared_task(unscoped=True, **RETRYING)
def roll_over_pulses() -> int:
    """Close pulses past their end; open the next round of recurring ones."""
    return pulses.pulses_roll_over_unscoped()


@shared_task(unscoped=True, **RETRYING)
def send_reassessment_prompts() -> int:
    """Prompts that fell due become a notification once (status pending → sent)."""
    return prompts.reassessment_prompts_send_unscoped()
