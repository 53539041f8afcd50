"""Writes of assessment data, one module per part: the onboarding wizard (`onboarding`),
attempts (`attempts`: answer, autosave, submit), the delegation of questions to colleagues,
assignments and invitations (`delegation`), strategic pulses (`pulses`) and reassessment
prompts (`prompts`).

Every answer is checked against its question (scoring.engine.clean_answer); a bad answer is
reported and never overwrites one already saved. Callers in this app import the module they
need; `from assessments import services` keeps working for the other apps and their tests.
"""

from assessments.services.attempts import (
    answers_checked,
    attempt_missing,
    attempt_save_answers,
    attempt_start,
    attempt_submit,
    attempt_type,
    template_pages,
)
from assessments.services.common import (
    ANSWER_QUESTION,
    DUE_DATE_MAX_DAYS,
    INVITATION_DAYS,
    AnswersInvalid,
    due_date_error,
    due_date_window,
)
from assessments.services.delegation import (
    assignment_create,
    delegation_reminders_send_unscoped,
    delegation_revoke,
    invitation_accept,
    question_answer,
    questions_delegate,
)
from assessments.services.onboarding import (
    ONBOARDING_STEPS,
    onboarding_save_step,
    onboarding_start,
    onboarding_submit,
)
from assessments.services.prompts import reassessment_prompts_send_unscoped
from assessments.services.pulses import (
    PULSE_MAX_CADENCE_DAYS,
    PULSE_MIN_RESPONSES,
    pulse_create,
    pulse_respond,
    pulse_summary,
    pulses_roll_over_unscoped,
)

__all__ = [
    "ANSWER_QUESTION",
    "DUE_DATE_MAX_DAYS",
    "INVITATION_DAYS",
    "ONBOARDING_STEPS",
    "PULSE_MAX_CADENCE_DAYS",
    "PULSE_MIN_RESPONSES",
    "AnswersInvalid",
    "answers_checked",
    "assignment_create",
    "attempt_missing",
    "attempt_save_answers",
    "attempt_start",
    "attempt_submit",
    "attempt_type",
    "delegation_reminders_send_unscoped",
    "delegation_revoke",
    "due_date_error",
    "due_date_window",
    "invitation_accept",
    "onboarding_save_step",
    "onboarding_start",
    "onboarding_submit",
    "pulse_create",
    "pulse_respond",
    "pulse_summary",
    "pulses_roll_over_unscoped",
    "question_answer",
    "questions_delegate",
    "reassessment_prompts_send_unscoped",
    "template_pages",
]
