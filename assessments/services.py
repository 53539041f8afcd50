"""Writes of assessment data (delegation of single questions for now; the journey follows)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm

from accounts.models import User
from assessments.models import QuestionDelegation
from notifications.services import event_record
from orgs.models import Membership, Organization

ANSWER_QUESTION = "assessments.change_questiondelegation"


@transaction.atomic
def question_delegate(
    *,
    org: Organization,
    owner: User,
    delegate: User,
    assessment_type: str,
    question_key: str,
    question_text: str = "",
    assessment_id=None,
) -> QuestionDelegation:
    """Send one question to a colleague; only they (and the owner) may answer it."""
    if not Membership.objects.filter(org=org, user=delegate).exists():
        raise ValidationError("Questions can only be delegated to members of the organisation.")
    delegation = QuestionDelegation.objects.create(
        org=org,
        owner=owner,
        delegate=delegate,
        delegate_email=delegate.email,
        assessment_type=assessment_type,
        assessment_id=assessment_id,
        question_key=question_key,
        question_text=question_text,
    )
    assign_perm(ANSWER_QUESTION, delegate, delegation)
    event_record(
        event_type="question.delegated",
        source="assessments",
        user=owner,
        org=org,
        data={"delegation_id": str(delegation.pk), "delegate": delegate.email},
    )
    return delegation


@transaction.atomic
def question_answer(*, org: Organization, delegation_id, user: User, answer) -> QuestionDelegation:
    # Org scoping first: another organisation's delegation does not exist for this caller.
    delegation = QuestionDelegation.objects.filter(org=org, pk=delegation_id).first()
    if delegation is None:
        raise QuestionDelegation.DoesNotExist("No such delegated question.")
    if user.pk != delegation.owner_id and not user.has_perm(ANSWER_QUESTION, delegation):
        raise PermissionDenied("This question was not delegated to you.")
    delegation.answer = answer
    delegation.status = "completed"
    delegation.answered_at = timezone.now()
    delegation.save(update_fields=["answer", "status", "answered_at", "updated_at"])
    return delegation
