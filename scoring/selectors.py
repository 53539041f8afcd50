"""Reads of scoring data: org first, then the user's own results and those shared with them."""

from __future__ import annotations

from django.db.models import QuerySet
from guardian.shortcuts import get_objects_for_user

from accounts.models import User
from orgs.models import Organization
from scoring.models import AssessmentScoringResult
from scoring.services import VIEW_RESULT


def results_visible_to(*, org: Organization, user: User) -> QuerySet[AssessmentScoringResult]:
    """Org scoping comes first; object grants (shared results) only widen within the org."""
    in_org = AssessmentScoringResult.objects.filter(org=org)
    shared = get_objects_for_user(
        user, VIEW_RESULT, klass=in_org, with_superuser=False, accept_global_perms=False
    )
    return (in_org.filter(user=user) | shared).distinct().order_by("-created_at")
