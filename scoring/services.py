"""Writes of scoring data. Sharing a result is a django-guardian grant, given after org scoping."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import User
from notifications.services import event_record
from orgs.models import Membership
from scoring.models import AssessmentScoringResult

VIEW_RESULT = "scoring.view_assessmentscoringresult"


@transaction.atomic
def result_share(*, result: AssessmentScoringResult, with_user: User, shared_by: User) -> None:
    """Share one result with a colleague of the same organisation."""
    if result.user_id != shared_by.pk:
        raise PermissionDenied("Only the person who took the assessment can share its result.")
    if not Membership.objects.filter(org_id=result.org_id, user=with_user).exists():
        raise ValidationError("Results can only be shared with members of the same organisation.")
    assign_perm(VIEW_RESULT, with_user, result)
    event_record(
        event_type="result.shared",
        source="scoring",
        user=shared_by,
        org=result.org,
        data={"result_id": str(result.pk), "with": with_user.email},
    )


@transaction.atomic
def result_unshare(*, result: AssessmentScoringResult, with_user: User, shared_by: User) -> None:
    if result.user_id != shared_by.pk:
        raise PermissionDenied("Only the person who took the assessment can stop sharing it.")
    remove_perm(VIEW_RESULT, with_user, result)
