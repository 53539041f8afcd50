"""What the services of assessments share: due dates, refused answers, the wizards' sessions
and usage analytics."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments import selectors
from assessments.models import (
    AssessmentAnalytics,
    AssessmentSession,
)

ANSWER_QUESTION = "assessments.change_questiondelegation"
INVITATION_DAYS = 14
# A due date is meant for the coming weeks or months: not the past (a date that is still
# today somewhere on Earth is not past) and not more than two years ahead.
DUE_DATE_MAX_DAYS = 730


def due_date_window() -> tuple[date, date]:
    """The first and last due dates accepted now (docs/security.md, "Answers:")."""
    now = timezone.now()
    earliest = (now - timedelta(hours=12)).date()  # today in UTC−12, the last place on Earth
    latest = (now + timedelta(hours=14)).date() + timedelta(days=DUE_DATE_MAX_DAYS)
    return earliest, latest


def due_date_error(due_date) -> str | None:
    """Why a due date cannot be meant (None when it can, or when there is none)."""
    if due_date is None:
        return None
    if not isinstance(due_date, date) or isinstance(due_date, datetime):
        return "Enter a date."
    earliest, latest = due_date_window()
    if due_date < earliest:
        return "A due date cannot be in the past."
    if due_date > latest:
        return f"Choose a due date within two years (by {latest:%d %b %Y})."
    return None


def due_date_check(due_date) -> None:
    error = due_date_error(due_date)
    if error:
        raise ValidationError({"due_date": [error]})


class AnswersInvalid(ValidationError):
    """Some answers were refused; `field_errors` maps question key → message."""

    def __init__(self, field_errors: dict[str, str]):
        super().__init__({key: [message] for key, message in field_errors.items()})
        self.field_errors = field_errors


def analytics_record(
    *, user, org, wizard: str, event: str, step=None, duration_ms=None, **metadata
):
    AssessmentAnalytics.objects.create(
        user=user,
        org=org,
        assessment_type=wizard,
        event_type=event,
        step=step,
        duration_ms=duration_ms,
        metadata=metadata,
    )


def session_touch(*, user, org, wizard: str, assessment_id, step: int, total: int, done=False):
    """Where the user is in a wizard, so they resume there; returns ms since the last step."""
    now = timezone.now()
    session = selectors.session_latest(user=user, assessment_id=assessment_id)
    if session is None:
        session = AssessmentSession.objects.create(
            user=user,
            org=org,
            assessment_type=wizard,
            assessment_id=assessment_id,
            current_step=min(step, total),
            total_steps=total,
        )
        return None
    elapsed = int((now - session.last_activity_at).total_seconds() * 1000)
    session.current_step = min(max(step, 0), total)
    session.total_steps = total
    session.last_activity_at = now
    progress = dict(session.progress or {})
    progress[str(step)] = progress.get(str(step), 0) + elapsed
    session.progress = progress
    if done:
        session.completed_at = now
    session.save()
    return min(elapsed, 2**31 - 1)
