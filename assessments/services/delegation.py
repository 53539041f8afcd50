"""Sharing the work of an attempt: questions delegated to colleagues (by email), invitations,
assignments and the reminders of the daily sweep."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

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
    AttemptStatus,
    DelegationStatus,
    InvitationStatus,
)
from assessments.models import (
    AssessmentAssignment,
    AssessmentDelegation,
    AssessmentInvitation,
    QuestionDelegation,
)
from assessments.services.attempts import attempt_type
from assessments.services.common import (
    ANSWER_QUESTION,
    INVITATION_DAYS,
    due_date_check,
)
from config import tenancy
from events.audit import audited_update
from events.services import event_record
from orgs.models import Organization
from scoring import engine
from scoring.choices import AssessmentType


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _invitation_create(*, org, invited_by, email, assessment_type, message) -> str:
    token = secrets.token_urlsafe(32)
    AssessmentInvitation.objects.create(
        org=org,
        invited_by=invited_by,
        email=email,
        assessment_type=assessment_type,
        message=message,
        token_hash=token_hash(token),
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    return token


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
    due_date_check(due_date)
    questions = {q["key"]: q for q in attempt.template.questions}
    unknown = [k for k in question_keys if k not in questions]
    if not question_keys or unknown:
        raise ValidationError({"question_keys": ["Choose questions of this assessment."]})
    assessment_type = attempt_type(attempt)
    delegate = selectors.member_by_email(attempt.org, email)
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

    The delegate may answer from any organisation (their "delegated to me" page runs in their
    own scope), so the question's organisation is looked up first and the rest runs in its
    scope. The answer is checked before any lock is taken, then written under the locks."""
    org_id = selectors.delegation_org_id_unscoped(delegation_id)
    if org_id is None:
        raise QuestionDelegation.DoesNotExist("No such delegated question.")
    with tenancy.org_scope(org=org_id, user=user):
        delegation = _delegation_for(delegation_id, user, lock=False)
        model = selectors.attempt_model(delegation.assessment_type)
        attempt = selectors.attempt_by_id(delegation.assessment_type, delegation.assessment_id)
        if attempt is None or attempt.status != AttemptStatus.DRAFT:
            raise ValidationError(
                "The assessment has been submitted; your answer is no longer needed."
            )
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
    if not selectors.questions_pending_for(
        assessment_id=attempt.pk, delegate_email=delegation.delegate_email
    ):
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


def invitation_accept(*, token: str, user: User) -> AssessmentInvitation:
    """Bind the delegations sent to the invited email to the user who opens the link with it.

    The link is opened in the user's own scope (they may belong to no organisation yet): the
    invitation is found by its token across organisations, then bound in its org's scope."""
    org_id = selectors.invitation_org_id_unscoped(token_hash=token_hash(token))
    if org_id is None:
        raise ValidationError("This invitation link is not valid.")
    with tenancy.org_scope(org=org_id, user=user), transaction.atomic():
        return _invitation_bind(token_hash(token), user)


def _invitation_bind(hashed: str, user: User) -> AssessmentInvitation:
    invitation = AssessmentInvitation.objects.select_for_update().filter(token_hash=hashed).first()
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
    due_date_check(due_date)
    assignee = selectors.member_by_email(org, (email or "").strip())
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


def delegation_reminders_send_unscoped(*, today=None) -> int:
    """Remind delegates who have not answered yet, every DELEGATION_REMINDER_DAYS days, in
    every organisation (the daily sweep)."""
    today = today or timezone.localdate()
    cutoff = timezone.now() - timedelta(days=settings.DELEGATION_REMINDER_DAYS)
    with tenancy.unscoped():
        sent = 0
        for delegation in selectors.delegations_to_remind_unscoped(cutoff=cutoff):
            sent += _delegation_remind(delegation, today)
        return sent


def _delegation_remind(delegation: AssessmentDelegation, today) -> int:
    """One reminder (1) on the delegation's reminder days, otherwise nothing (0)."""
    age = (today - timezone.localdate(delegation.created_at)).days
    if age % settings.DELEGATION_REMINDER_DAYS:
        return 0
    label = AssessmentType(delegation.assessment_type).label
    owner_name = delegation.owner.get_full_name() or delegation.owner.email
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
                "delegate_user_id": str(delegation.delegate_id) if delegation.delegate_id else None,
                "assessment_label": label,
                "owner_name": owner_name,
                "link": reverse("assessments:delegated") if delegation.delegate_id else "",
                "reminder_date": today.isoformat(),
            },
        )
    send_mail(
        f"Reminder: your input on {label}",
        f"{owner_name} is still waiting for your answers to the {label} assessment: "
        f"{settings.SITE_URL}{reverse('assessments:delegated')}",
        None,
        [delegation.delegate_email],
        fail_silently=True,
    )
    return 1
