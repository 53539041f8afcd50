"""Attempts at an assessment: start (or resume), answer (and autosave), submit and score."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from assessments import selectors
from assessments.choices import (
    AnalyticsEvent,
    AssignmentStatus,
    AttemptStatus,
    DelegationStatus,
)
from assessments.models import (
    AssessmentAssignment,
    AssessmentDelegation,
    QuestionDelegation,
)
from assessments.services.common import (
    AnswersInvalid,
    analytics_record,
    session_touch,
)
from events.audit import audited_update
from orgs.models import Organization
from scoring import engine
from scoring.choices import AssessmentType


def template_pages(template) -> list[dict]:
    """The attempt's pages: one per rubric category, in the rubric's order."""
    pages = []
    for category in template.rubric.get("categories", []):
        questions = [q for q in template.questions if q.get("category") == category["key"]]
        if questions:
            pages.append(
                {"key": category["key"], "label": category["label"], "questions": questions}
            )
    return pages


@transaction.atomic
def attempt_start(*, user: User, org: Organization, assessment_type: str):
    """The user's draft of this type, resumed, or a new attempt on the active question bank."""
    if assessment_type not in AssessmentType.values:
        raise ValidationError({"assessment_type": ["Unknown assessment type."]})
    from billing.entitlements import assessment_type_allowed

    if not assessment_type_allowed(org, assessment_type):
        raise PermissionDenied(
            f"{AssessmentType(assessment_type).label} is not included in your plan."
        )
    draft = selectors.attempt_draft(org=org, user=user, assessment_type=assessment_type)
    if draft is not None:
        return draft
    template = selectors.template_active(assessment_type)
    if template is None:
        raise ValidationError("This assessment has no active question bank yet.")
    attempt = selectors.attempt_model(assessment_type).objects.create(
        user=user, org=org, template=template, template_version=template.version
    )
    session_touch(
        user=user,
        org=org,
        wizard=assessment_type,
        assessment_id=attempt.pk,
        step=0,
        total=len(template_pages(template)),
    )
    analytics_record(
        user=user, org=org, wizard=assessment_type, event=AnalyticsEvent.STARTED, step=0
    )
    return attempt


def attempt_type(attempt) -> str:
    return attempt._meta.db_table.removesuffix("_assessment")


ERROR_KEY_CHARS = 100


def _error_key(key) -> str:
    """A refused key as it can be shown back: printable, bounded, never a lone surrogate."""
    text = str(key)[:ERROR_KEY_CHARS]
    return text.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")


def _attempt_template(attempt):
    if attempt.template_id is None:
        raise ValidationError("This assessment has no question bank.")
    if "template" in attempt._state.fields_cache:
        return attempt.template
    return selectors.template_questions(attempt.template_id)


def _answers_clean(questions: list[dict], answers: dict) -> tuple[dict, dict[str, str]]:
    """Each answer checked against its question: (cleaned values, key → message)."""
    by_key = {q["key"]: q for q in questions}
    cleaned: dict = {}
    errors: dict[str, str] = {}
    for key, raw in answers.items():
        question = by_key.get(key) if isinstance(key, str) else None
        if question is None:
            errors[_error_key(key)] = "This question is not part of the assessment."
            continue
        try:
            cleaned[key] = engine.clean_answer(question, raw)
        except engine.AnswerError as e:
            errors[key] = str(e)
    return cleaned, errors


def answers_checked(*, questions: list[dict], answers) -> dict:
    """Answers as stored, each checked against its question (AnswersInvalid otherwise): for
    writes that bypass attempt_save_answers, such as a staff edit in the admin."""
    if not isinstance(answers, dict):
        raise AnswersInvalid({"answers": "Answers are an object: question key → answer."})
    cleaned, errors = _answers_clean(questions, answers)
    if errors:
        raise AnswersInvalid(errors)
    return {key: value for key, value in cleaned.items() if value is not None}


def attempt_save_answers(*, attempt, answers: dict, user: User, page: int | None = None) -> dict:
    """Merge the given answers into the attempt; returns the saved values.

    Each answer is checked on its own: the valid ones are saved even when others are refused
    (AnswersInvalid is raised after the valid ones are committed), and a refused answer never
    replaces one already saved. An empty value clears the answer (skipped).
    """
    # Every answer is checked before the row lock is taken: the check is bounded, but it must
    # never hold up other saves of the same attempt. The template version of an attempt is
    # fixed once started, so the questions read here are those the locked row points to.
    template = _attempt_template(attempt)
    cleaned, errors = _answers_clean(template.questions, answers)
    if errors and not cleaned:  # nothing to write: a flood of bad answers never waits for a lock
        raise AnswersInvalid(errors)
    saved: dict = {}
    with transaction.atomic():
        attempt = (
            type(attempt)
            .objects.select_for_update(of=("self",))
            .select_related("template", "org")
            .get(pk=attempt.pk)
        )
        if attempt.status != AttemptStatus.DRAFT:
            raise ValidationError(
                "This assessment has been submitted; start a reassessment instead."
            )
        if attempt.template_id != template.pk:  # a draft keeps its version; never check here
            raise ValidationError("The questions of this assessment changed; reload the page.")
        current = dict(attempt.answers or {})
        for key, value in cleaned.items():
            if value is None:
                current.pop(key, None)
            else:
                current[key] = value
            saved[key] = value
        attempt.answers = current
        attempt.save(update_fields=["answers", "updated_at"])
        if page is not None:
            total = len(template_pages(attempt.template))
            elapsed = session_touch(
                user=user,
                org=attempt.org,
                wizard=attempt_type(attempt),
                assessment_id=attempt.pk,
                step=min(page + 1, total),
                total=total,
            )
            analytics_record(
                user=user,
                org=attempt.org,
                wizard=attempt_type(attempt),
                event=AnalyticsEvent.STEP_COMPLETED,
                step=page,
                duration_ms=elapsed,
            )
    if errors:
        raise AnswersInvalid(errors)
    return saved


def attempt_missing(attempt) -> list[dict]:
    return engine.missing_required(attempt.template.questions, attempt.answers or {})


def attempt_submit(*, attempt, user: User):
    """Submit a complete attempt and score it; returns the result."""
    from scoring.services import result_create

    with transaction.atomic():
        attempt = (
            type(attempt)
            .objects.select_for_update(of=("self",))
            .select_related("template")
            .get(pk=attempt.pk)
        )
        if attempt.status != AttemptStatus.DRAFT:
            raise ValidationError("This assessment has already been submitted.")
        missing = attempt_missing(attempt)
        if missing:
            raise AnswersInvalid(
                {q["key"]: "This question needs an answer (or “Not applicable”)." for q in missing}
            )
        attempt.status = AttemptStatus.SUBMITTED
        attempt.submitted_at = timezone.now()
        attempt.save(update_fields=["status", "submitted_at", "updated_at"])
        wizard = attempt_type(attempt)
        total = len(template_pages(attempt.template))
        session_touch(
            user=user,
            org=attempt.org,
            wizard=wizard,
            assessment_id=attempt.pk,
            step=total,
            total=total,
            done=True,
        )
        analytics_record(user=user, org=attempt.org, wizard=wizard, event=AnalyticsEvent.SUBMITTED)
        audited_update(
            AssessmentAssignment.objects.filter(
                org=attempt.org,
                assignee=attempt.user,
                assessment_type=wizard,
                status__in=[AssignmentStatus.ASSIGNED, AssignmentStatus.IN_PROGRESS],
            ),
            status=AssignmentStatus.COMPLETED,
            completed_at=timezone.now(),
        )
        audited_update(
            QuestionDelegation.objects.filter(
                assessment_id=attempt.pk, status=DelegationStatus.PENDING
            ),
            status=DelegationStatus.REVOKED,
        )
        audited_update(
            AssessmentDelegation.objects.filter(
                assessment_id=attempt.pk, status=DelegationStatus.PENDING
            ),
            status=DelegationStatus.COMPLETED,
            completed_at=timezone.now(),
        )
        onboarding = selectors.onboarding_answers(
            selectors.onboarding_submitted(org=attempt.org, user=attempt.user)
        )
        return result_create(attempt=attempt, onboarding=onboarding)
