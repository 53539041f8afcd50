"""What assessments does when scoring tells it about a result (scoring.signals), and how
scoring reads the attempt a result scored (scoring.attempts); connected in AppConfig.ready."""

from __future__ import annotations

from assessments import selectors
from assessments.services import prompts
from scoring.attempts import ScoredAttempt


def on_result_scored(sender, *, result, label, insights, **kwargs) -> None:
    prompts.result_followups_write(result=result, label=label, insights=insights)


def on_result_viewed(sender, *, result, user, org, **kwargs) -> None:
    prompts.result_viewed_record(result=result, user=user, org=org)


def scored_attempt(result) -> ScoredAttempt | None:
    """The answers of the attempt `result` scored, and its user's onboarding (in the open
    scope: the result's organisation, or its user's)."""
    attempt = selectors.attempt_by_id(result.assessment_type, result.assessment_id)
    if attempt is None:
        return None
    onboarding = selectors.onboarding_answers(
        selectors.onboarding_submitted(org=result.org, user=result.user)
    )
    return ScoredAttempt(answers=attempt.answers, onboarding=onboarding)
