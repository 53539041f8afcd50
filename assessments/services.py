"""Writes of assessment data: the onboarding wizard, attempts (answer, autosave, submit), the
delegation of questions to colleagues, assignments, invitations and strategic pulses.

Every answer is checked against its question (scoring.engine.clean_answer); a bad answer is
reported and never overwrites one already saved.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from accounts.models import User
from assessments import selectors
from assessments.choices import (
    AnalyticsEvent,
    AssignmentStatus,
    AttemptStatus,
    DelegationStatus,
    InvitationStatus,
    PulseStatus,
)
from assessments.models import (
    AssessmentAnalytics,
    AssessmentAssignment,
    AssessmentDelegation,
    AssessmentInvitation,
    AssessmentSession,
    OnboardingAssessment,
    PulseDelegation,
    PulseResponse,
    QuestionDelegation,
    StrategicPulse,
)
from notifications.audit import audited_bulk_create, audited_update
from notifications.services import event_record
from orgs.models import Membership, Organization
from scoring import engine
from scoring.choices import AssessmentType

ANSWER_QUESTION = "assessments.change_questiondelegation"
PULSE_MIN_RESPONSES = 3  # fewer answers than this are never shown, even aggregated
INVITATION_DAYS = 14
# A due date is meant for the coming weeks or months: not the past (a date that is still
# today somewhere on Earth is not past) and not more than two years ahead.
DUE_DATE_MAX_DAYS = 730
PULSE_MAX_CADENCE_DAYS = 365


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


def _due_date_check(due_date) -> None:
    error = due_date_error(due_date)
    if error:
        raise ValidationError({"due_date": [error]})


class AnswersInvalid(ValidationError):
    """Some answers were refused; `field_errors` maps question key → message."""

    def __init__(self, field_errors: dict[str, str]):
        super().__init__({key: [message] for key, message in field_errors.items()})
        self.field_errors = field_errors


def _analytics(*, user, org, wizard: str, event: str, step=None, duration_ms=None, **metadata):
    AssessmentAnalytics.objects.create(
        user=user,
        org=org,
        assessment_type=wizard,
        event_type=event,
        step=step,
        duration_ms=duration_ms,
        metadata=metadata,
    )


def _session_touch(*, user, org, wizard: str, assessment_id, step: int, total: int, done=False):
    """Where the user is in a wizard, so they resume there; returns ms since the last step."""
    now = timezone.now()
    session = (
        AssessmentSession.objects.filter(user=user, assessment_id=assessment_id)
        .order_by("-last_activity_at")
        .first()
    )
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


# --- Onboarding ----------------------------------------------------------------------------------

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
    previous = (
        OnboardingAssessment.objects.filter(user=user, org=org, status=AttemptStatus.SUBMITTED)
        .order_by("-submitted_at")
        .first()
    )
    # Updating a submitted onboarding starts from its answers, not from a blank page.
    carried = {
        name: getattr(previous, name)
        for _, fields in ONBOARDING_STEPS
        for name in fields
        if previous is not None and name != "final_confirmation"
    }
    draft = OnboardingAssessment.objects.create(user=user, org=org, **carried)
    _session_touch(
        user=user,
        org=org,
        wizard="onboarding",
        assessment_id=draft.pk,
        step=0,
        total=len(ONBOARDING_STEPS),
    )
    _analytics(user=user, org=org, wizard="onboarding", event=AnalyticsEvent.STARTED, step=0)
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
    elapsed = _session_touch(
        user=user,
        org=onboarding.org,
        wizard="onboarding",
        assessment_id=onboarding.pk,
        step=step + 1,
        total=len(ONBOARDING_STEPS),
    )
    _analytics(
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
    _session_touch(
        user=user,
        org=onboarding.org,
        wizard="onboarding",
        assessment_id=onboarding.pk,
        step=len(ONBOARDING_STEPS),
        total=len(ONBOARDING_STEPS),
        done=True,
    )
    _analytics(user=user, org=onboarding.org, wizard="onboarding", event=AnalyticsEvent.SUBMITTED)
    event_record(
        event_type="onboarding.submitted",
        source="assessments",
        user=user,
        org=onboarding.org,
        data={"onboarding_id": str(onboarding.pk)},
    )
    return onboarding


# --- Attempts ------------------------------------------------------------------------------------


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
    _session_touch(
        user=user,
        org=org,
        wizard=assessment_type,
        assessment_id=attempt.pk,
        step=0,
        total=len(template_pages(template)),
    )
    _analytics(user=user, org=org, wizard=assessment_type, event=AnalyticsEvent.STARTED, step=0)
    return attempt


def attempt_type(attempt) -> str:
    return attempt._meta.db_table.removesuffix("_assessment")


ERROR_KEY_CHARS = 100


def _error_key(key) -> str:
    """A refused key as it can be shown back: printable, bounded, never a lone surrogate."""
    text = str(key)[:ERROR_KEY_CHARS]
    return text.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")


def _attempt_template(attempt):
    from assessments.models import AssessmentTemplate

    if attempt.template_id is None:
        raise ValidationError("This assessment has no question bank.")
    if "template" in attempt._state.fields_cache:
        return attempt.template
    return AssessmentTemplate.objects.only("id", "questions").get(pk=attempt.template_id)


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
            elapsed = _session_touch(
                user=user,
                org=attempt.org,
                wizard=attempt_type(attempt),
                assessment_id=attempt.pk,
                step=min(page + 1, total),
                total=total,
            )
            _analytics(
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
        _session_touch(
            user=user,
            org=attempt.org,
            wizard=wizard,
            assessment_id=attempt.pk,
            step=total,
            total=total,
            done=True,
        )
        _analytics(user=user, org=attempt.org, wizard=wizard, event=AnalyticsEvent.SUBMITTED)
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


# --- Delegation ----------------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _invitation_create(*, org, invited_by, email, assessment_type, message) -> str:
    token = secrets.token_urlsafe(32)
    AssessmentInvitation.objects.create(
        org=org,
        invited_by=invited_by,
        email=email,
        assessment_type=assessment_type,
        message=message,
        token_hash=_token_hash(token),
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    return token


def _member_by_email(org: Organization, email: str) -> User | None:
    membership = (
        Membership.objects.select_related("user").filter(org=org, user__email__iexact=email).first()
    )
    return membership.user if membership else None


@transaction.atomic
def questions_delegate(
    *,
    attempt,
    owner: User,
    email: str,
    question_keys: list[str],
    message: str = "",
    due_date=None,
) -> AssessmentDelegation:
    """Send some questions of the owner's attempt to a colleague, by email.

    A member of the organisation gets a guardian grant on each question at once; anyone else
    gets an emailed invitation, and the grants follow when they accept it with that email.
    """
    email = (email or "").strip().lower()
    if "@" not in email:
        raise ValidationError({"email": ["Enter the colleague's email address."]})
    if attempt.user_id != owner.pk:
        raise PermissionDenied("Only the person taking the assessment can delegate its questions.")
    if attempt.status != AttemptStatus.DRAFT:
        raise ValidationError("This assessment has already been submitted.")
    if email == owner.email.lower():
        raise ValidationError({"email": ["You cannot delegate a question to yourself."]})
    _due_date_check(due_date)
    questions = {q["key"]: q for q in attempt.template.questions}
    unknown = [k for k in question_keys if k not in questions]
    if not question_keys or unknown:
        raise ValidationError({"question_keys": ["Choose questions of this assessment."]})
    assessment_type = attempt_type(attempt)
    delegate = _member_by_email(attempt.org, email)
    umbrella = AssessmentDelegation.objects.create(
        org=attempt.org,
        owner=owner,
        delegate_email=email,
        delegate=delegate,
        assessment_type=assessment_type,
        assessment_id=attempt.pk,
        sections=sorted({questions[k]["category"] for k in question_keys}),
        message=message,
        due_date=due_date,
    )
    # Re-delegating a question revokes whoever had it (one locked read, one update).
    audited_update(
        QuestionDelegation.objects.filter(
            assessment_id=attempt.pk,
            question_key__in=question_keys,
            status=DelegationStatus.PENDING,
        ),
        status=DelegationStatus.REVOKED,
    )
    for key in question_keys:
        row = QuestionDelegation.objects.create(
            org=attempt.org,
            owner=owner,
            delegate_email=email,
            delegate=delegate,
            assessment_type=assessment_type,
            assessment_id=attempt.pk,
            question_key=key,
            question_text=questions[key]["text"],
            due_date=due_date,
        )
        if delegate is not None:
            assign_perm(ANSWER_QUESTION, delegate, row)
    label = AssessmentType(assessment_type).label
    if delegate is not None:
        link = reverse("assessments:delegated")
    else:
        token = _invitation_create(
            org=attempt.org,
            invited_by=owner,
            email=email,
            assessment_type=assessment_type,
            message=message,
        )
        link = reverse("assessments:invitation_accept", args=[token])
    url = f"{settings.SITE_URL}{link}"
    owner_name = owner.get_full_name() or owner.email
    # A colleague with an account is told by the delegation.received notification (emailed:
    # high priority); anyone else gets this email with the invitation link.
    if delegate is None:
        transaction.on_commit(
            lambda: send_mail(
                f"{owner_name} asked for your input on {label}",
                f"{owner_name} ({attempt.org.name}) would like you to answer {len(question_keys)} "
                f"question(s) of the {label} assessment.\n\n{message}\n\nAnswer here: {url}\n",
                None,
                [email],
                fail_silently=True,
            )
        )
    event_record(
        event_type="delegation.received",
        source="assessments",
        user=owner,
        org=attempt.org,
        data={
            "kind": "question",
            "delegation_id": str(umbrella.pk),
            "delegate_email": email,
            "delegate_user_id": str(delegate.pk) if delegate else None,
            "assessment_label": label,
            "owner_name": owner_name,
            "link": link if delegate else "",
        },
    )
    return umbrella


def _delegated_question_value(delegation: QuestionDelegation, template, answer):
    """The delegated answer, checked against its question (no lock held)."""
    question = next((q for q in template.questions if q["key"] == delegation.question_key), None)
    if question is None:
        raise ValidationError("This question is no longer part of the assessment.")
    try:
        value = engine.clean_answer(question, answer)
    except engine.AnswerError as e:
        raise ValidationError({"answer": [str(e)]}) from e
    if value is None:
        raise ValidationError({"answer": ["Give an answer (or “Not applicable” if offered)."]})
    return value


def _delegation_for(delegation_id, user: User, *, lock: bool) -> QuestionDelegation:
    rows = QuestionDelegation.objects.select_for_update() if lock else QuestionDelegation.objects
    delegation = rows.filter(pk=delegation_id).first()
    if delegation is None or not (
        user.pk == delegation.owner_id or user.has_perm(ANSWER_QUESTION, delegation)
    ):
        # Not delegated to this user: it does not exist for them.
        raise QuestionDelegation.DoesNotExist("No such delegated question.")
    if delegation.status in (DelegationStatus.REVOKED, DelegationStatus.DECLINED):
        raise ValidationError("This question is no longer delegated to you.")
    return delegation


def question_answer(*, delegation_id, user: User, answer) -> QuestionDelegation:
    """A delegate answers one question delegated to them; the answer lands in the attempt.

    The answer is checked before any lock is taken, then written under the locks."""
    delegation = _delegation_for(delegation_id, user, lock=False)
    model = selectors.attempt_model(delegation.assessment_type)
    attempt = model.objects.select_related("template").filter(pk=delegation.assessment_id).first()
    if attempt is None or attempt.status != AttemptStatus.DRAFT:
        raise ValidationError("The assessment has been submitted; your answer is no longer needed.")
    value = _delegated_question_value(delegation, attempt.template, answer)
    with transaction.atomic():
        return _question_answer_write(delegation_id, user, model, attempt.template_id, value)


def _question_answer_write(delegation_id, user, model, template_id, value) -> QuestionDelegation:
    delegation = _delegation_for(delegation_id, user, lock=True)
    attempt = (
        model.objects.select_for_update(of=("self",))
        .select_related("template")
        .filter(pk=delegation.assessment_id)
        .first()
    )
    if attempt is None or attempt.status != AttemptStatus.DRAFT:
        raise ValidationError("The assessment has been submitted; your answer is no longer needed.")
    if attempt.template_id != template_id:
        raise ValidationError("This question is no longer part of the assessment.")
    answers = dict(attempt.answers or {})
    answers[delegation.question_key] = value
    attempt.answers = answers
    attempt.save(update_fields=["answers", "updated_at"])
    delegation.answer = value
    delegation.status = DelegationStatus.COMPLETED
    delegation.answered_at = timezone.now()
    delegation.save(update_fields=["answer", "status", "answered_at", "updated_at"])
    still_open = QuestionDelegation.objects.filter(
        assessment_id=attempt.pk,
        delegate_email=delegation.delegate_email,
        status=DelegationStatus.PENDING,
    ).exists()
    if not still_open:
        audited_update(
            AssessmentDelegation.objects.filter(
                assessment_id=attempt.pk,
                delegate_email=delegation.delegate_email,
                status=DelegationStatus.PENDING,
            ),
            status=DelegationStatus.COMPLETED,
            completed_at=timezone.now(),
        )
    return delegation


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> AssessmentInvitation:
    """Bind the delegations sent to the invited email to the user who opens the link with it."""
    invitation = (
        AssessmentInvitation.objects.select_for_update()
        .filter(token_hash=_token_hash(token))
        .first()
    )
    if invitation is None or invitation.status in (
        InvitationStatus.REVOKED,
        InvitationStatus.DECLINED,
    ):
        raise ValidationError("This invitation link is not valid.")
    if invitation.expires_at < timezone.now():
        invitation.status = InvitationStatus.EXPIRED
        invitation.save(update_fields=["status", "updated_at"])
        raise ValidationError("This invitation has expired; ask for a new one.")
    if invitation.email.lower() != user.email.lower():
        raise PermissionDenied(
            f"This invitation was sent to {invitation.email}; sign in with that address."
        )
    rows = QuestionDelegation.objects.filter(
        org=invitation.org,
        delegate_email__iexact=invitation.email,
        delegate__isnull=True,
        status=DelegationStatus.PENDING,
    )
    for row in rows:
        row.delegate = user
        row.save(update_fields=["delegate", "updated_at"])
        assign_perm(ANSWER_QUESTION, user, row)
    audited_update(
        AssessmentDelegation.objects.filter(
            org=invitation.org, delegate_email__iexact=invitation.email, delegate__isnull=True
        ),
        delegate=user,
        status=DelegationStatus.ACCEPTED,
    )
    invitation.status = InvitationStatus.ACCEPTED
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["status", "accepted_at", "accepted_by", "updated_at"])
    return invitation


@transaction.atomic
def delegation_revoke(*, delegation: AssessmentDelegation, user: User) -> None:
    if delegation.owner_id != user.pk:
        raise PermissionDenied("Only the owner can revoke this delegation.")
    delegation.status = DelegationStatus.REVOKED
    delegation.save(update_fields=["status", "updated_at"])
    audited_update(
        QuestionDelegation.objects.filter(
            assessment_id=delegation.assessment_id,
            delegate_email=delegation.delegate_email,
            status=DelegationStatus.PENDING,
        ),
        status=DelegationStatus.REVOKED,
    )


@transaction.atomic
def assignment_create(
    *,
    org: Organization,
    assigned_by: User,
    email: str,
    assessment_type: str,
    due_date=None,
    note: str = "",
) -> AssessmentAssignment:
    """Ask a member of the organisation to complete an assessment."""
    if assessment_type not in AssessmentType.values:
        raise ValidationError({"assessment_type": ["Unknown assessment type."]})
    _due_date_check(due_date)
    assignee = _member_by_email(org, (email or "").strip())
    if assignee is None:
        raise ValidationError(
            {"email": ["Assign assessments to members of the organisation (invite them first)."]}
        )
    assignment = AssessmentAssignment.objects.create(
        org=org,
        assigned_by=assigned_by,
        assignee=assignee,
        assessment_type=assessment_type,
        due_date=due_date,
        note=note,
    )
    label = AssessmentType(assessment_type).label
    event_record(
        event_type="delegation.received",
        source="assessments",
        user=assigned_by,
        org=org,
        data={
            "kind": "assignment",
            "delegation_id": str(assignment.pk),
            "delegate_email": assignee.email,
            "delegate_user_id": str(assignee.pk),
            "assessment_label": label,
            "owner_name": assigned_by.get_full_name() or assigned_by.email,
            "link": reverse("assessments:index", args=[org.slug]),
        },
    )
    return assignment


def delegation_reminders_send(*, today=None) -> int:
    """Remind delegates who have not answered yet, every DELEGATION_REMINDER_DAYS days."""
    today = today or timezone.localdate()
    cutoff = timezone.now() - timedelta(days=settings.DELEGATION_REMINDER_DAYS)
    pending = (
        AssessmentDelegation.objects.filter(
            status__in=[DelegationStatus.PENDING, DelegationStatus.ACCEPTED], created_at__lte=cutoff
        )
        .select_related("org", "owner")
        .order_by("created_at")
    )
    sent = 0
    for delegation in pending:
        age = (today - timezone.localdate(delegation.created_at)).days
        if age % settings.DELEGATION_REMINDER_DAYS:
            continue
        label = AssessmentType(delegation.assessment_type).label
        with transaction.atomic():
            event_record(
                event_type="delegation.reminder",
                source="assessments",
                user=delegation.owner,
                org=delegation.org,
                data={
                    "kind": "question",
                    "delegation_id": str(delegation.pk),
                    "delegate_email": delegation.delegate_email,
                    "delegate_user_id": str(delegation.delegate_id)
                    if delegation.delegate_id
                    else None,
                    "assessment_label": label,
                    "owner_name": delegation.owner.get_full_name() or delegation.owner.email,
                    "link": reverse("assessments:delegated") if delegation.delegate_id else "",
                    "reminder_date": today.isoformat(),
                },
            )
        send_mail(
            f"Reminder: your input on {label}",
            f"{delegation.owner.get_full_name() or delegation.owner.email} is still waiting for "
            f"your answers to the {label} assessment: "
            f"{settings.SITE_URL}{reverse('assessments:delegated')}",
            None,
            [delegation.delegate_email],
            fail_silently=True,
        )
        sent += 1
    return sent


# --- Strategic pulses ----------------------------------------------------------------------------

PULSE_SCALE = {"min": 1, "max": 5, "min_label": "Strongly disagree", "max_label": "Strongly agree"}


@transaction.atomic
def pulse_create(
    *,
    org: Organization,
    created_by: User,
    title: str,
    statements: list[str],
    emails: list[str],
    days_open: int = 7,
    cadence_days: int | None = None,
) -> StrategicPulse:
    """Open a short pulse (agree/disagree statements) to chosen members of the organisation."""
    statements = [s.strip() for s in statements if s and s.strip()]
    errors = {}
    if not title.strip():
        errors["title"] = ["Give the pulse a title."]
    if not 1 <= len(statements) <= 8:
        errors["statements"] = ["Write between one and eight statements, one per line."]
    members = {}
    for email in {e.strip().lower() for e in emails if e.strip()}:
        member = _member_by_email(org, email)
        if member is None:
            errors.setdefault("emails", []).append(f"{email} is not a member of {org.name}.")
        members[email] = member
    if not members and "emails" not in errors:
        errors["emails"] = ["Choose at least one colleague."]
    if days_open < 1 or days_open > 60:
        errors["days_open"] = ["A pulse stays open between 1 and 60 days."]
    if cadence_days is not None and cadence_days < days_open:
        errors["cadence_days"] = ["Repeat the pulse no more often than it stays open."]
    elif cadence_days is not None and cadence_days > PULSE_MAX_CADENCE_DAYS:
        errors["cadence_days"] = [f"Repeat the pulse at least every {PULSE_MAX_CADENCE_DAYS} days."]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    pulse = StrategicPulse.objects.create(
        org=org,
        created_by=created_by,
        title=title.strip(),
        questions=[
            {"key": f"q{i}", "text": text, "type": "likert", "scale": PULSE_SCALE}
            for i, text in enumerate(statements, start=1)
        ],
        status=PulseStatus.OPEN,
        opens_at=now,
        closes_at=now + timedelta(days=days_open),
        cadence_days=cadence_days,
    )
    _pulse_send(pulse, members, created_by)
    return pulse


def _pulse_send(pulse: StrategicPulse, members: dict[str, User], sender: User) -> None:
    audited_bulk_create(
        PulseDelegation,
        [
            PulseDelegation(
                pulse=pulse,
                org=pulse.org,
                delegated_by=sender,
                delegate_email=email,
                delegate=user,
                due_date=pulse.closes_at.date() if pulse.closes_at else None,
            )
            for email, user in sorted(members.items())
        ],
    )
    event_record(
        event_type="pulse.due",
        source="assessments",
        user=sender,
        org=pulse.org,
        data={
            "pulse_id": str(pulse.pk),
            "title": pulse.title,
            "user_ids": [str(u.pk) for u in members.values() if u is not None],
            "link": reverse("assessments:pulse_respond", args=[pulse.org.slug, pulse.pk]),
        },
    )


def pulse_respond(*, pulse: StrategicPulse, user: User, answers: dict) -> PulseResponse:
    """Record one member's answers; every answer is checked before the transaction opens."""
    delegation = PulseDelegation.objects.filter(pulse=pulse, delegate=user).first()
    if delegation is None:
        raise PermissionDenied("This pulse was not sent to you.")
    now = timezone.now()
    if pulse.status != PulseStatus.OPEN or (pulse.closes_at and pulse.closes_at < now):
        raise ValidationError("This pulse is closed.")
    if PulseResponse.objects.filter(pulse=pulse, respondent=user).exists():
        raise ValidationError("You have already answered this pulse.")
    cleaned = _pulse_answers_clean(pulse, answers)
    with transaction.atomic():
        response = PulseResponse.objects.create(
            pulse=pulse,
            org=pulse.org,
            respondent=user,
            respondent_email=user.email,
            answers=cleaned,
            submitted_at=now,
        )
        delegation.status = DelegationStatus.COMPLETED
        delegation.save(update_fields=["status", "updated_at"])
    return response


def _pulse_answers_clean(pulse: StrategicPulse, answers: dict) -> dict:
    cleaned, errors = {}, {}
    for question in pulse.questions:
        try:
            value = engine.clean_answer(
                {"type": "likert", "scale": question.get("scale", PULSE_SCALE)},
                answers.get(question["key"]),
            )
        except engine.AnswerError as e:
            errors[question["key"]] = [str(e)]
            continue
        if value is None:
            errors[question["key"]] = ["Choose a value from 1 to 5."]
        cleaned[question["key"]] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def pulse_summary(pulse: StrategicPulse, responses: list[PulseResponse] | None = None) -> dict:
    """Aggregated answers, never attributed; hidden entirely below three respondents."""
    if responses is None:
        responses = list(pulse.responses.all())
    count = len(responses)
    summary = {"responses": count, "hidden": count < PULSE_MIN_RESPONSES, "questions": []}
    if summary["hidden"]:
        return summary
    for question in pulse.questions:
        values = [r.answers.get(question["key"]) for r in responses]
        values = [v for v in values if isinstance(v, int)]
        distribution = [values.count(v) for v in range(1, 6)]
        summary["questions"].append(
            {
                "key": question["key"],
                "text": question["text"],
                "average": round(sum(values) / len(values), 2) if values else None,
                "distribution": distribution,
                "agree_share": round(sum(distribution[3:]) / len(values) * 100) if values else 0,
            }
        )
    return summary


def pulses_roll_over(*, now=None) -> int:
    """Close pulses past their closing date; open the next round of a recurring one (while
    the organisation's plan includes team collaboration)."""
    from billing.entitlements import Feature, org_has_feature

    now = now or timezone.now()
    opened = 0
    due = StrategicPulse.objects.filter(status=PulseStatus.OPEN, closes_at__lte=now)
    for pulse in due.select_related("org", "created_by"):
        with transaction.atomic():
            pulse.status = PulseStatus.CLOSED
            pulse.save(update_fields=["status", "updated_at"])
            if not pulse.cadence_days or pulse.created_by is None:
                continue
            if not org_has_feature(pulse.org, Feature.TEAM_COLLABORATION):
                continue  # a new round is a new send: it needs the plan (this one just closes)
            # A cadence saved before it was capped could overflow the date arithmetic and stop
            # every pulse's roll-over: it counts as the longest cadence allowed.
            cadence = min(pulse.cadence_days, PULSE_MAX_CADENCE_DAYS)
            next_opens = pulse.opens_at + timedelta(days=cadence)
            if next_opens > now:
                continue
            window = pulse.closes_at - pulse.opens_at
            successor = StrategicPulse.objects.create(
                org=pulse.org,
                created_by=pulse.created_by,
                title=pulse.title,
                questions=pulse.questions,
                status=PulseStatus.OPEN,
                opens_at=now,
                closes_at=now + window,
                cadence_days=cadence,
                previous=pulse,
            )
            members = {
                d.delegate_email: d.delegate
                for d in pulse.delegations.select_related("delegate")
                if d.delegate_id
                and Membership.objects.filter(org=pulse.org, user_id=d.delegate_id).exists()
            }
            if members:
                _pulse_send(successor, members, pulse.created_by)
            opened += 1
    return opened
