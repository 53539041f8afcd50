"""Reads of scoring data: org first, then the user's own results and those shared with them.

Every read runs in the caller's tenancy scope (config.tenancy); the one that must cross
organisations says so in its name (`…_unscoped`).
"""

from __future__ import annotations

from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber
from guardian.shortcuts import get_objects_for_user

from accounts.models import User
from config import tenancy
from orgs.models import Membership, Organization, OrgPermission
from scoring.choices import VIEW_RESULT
from scoring.models import AssessmentScoringResult


def results_visible_to(*, org: Organization, user: User) -> QuerySet[AssessmentScoringResult]:
    """Org scoping comes first; object grants (shared results) only widen within the org."""
    in_org = AssessmentScoringResult.objects.filter(org=org)
    shared = get_objects_for_user(
        user, VIEW_RESULT, klass=in_org, with_superuser=False, accept_global_perms=False
    )
    return (in_org.filter(user=user) | shared).distinct().order_by("-created_at")


def results_of_member(
    *, org: Organization, user: User, membership: Membership
) -> QuerySet[AssessmentScoringResult]:
    """The one visibility rule of results, for the portal and the API alike: platform staff and
    those who manage members see the organisation's results; anyone else their own and those
    shared with them."""
    if user.is_platform_admin or membership.can(OrgPermission.MANAGE_MEMBERS):
        return AssessmentScoringResult.objects.filter(org=org).order_by("-created_at")
    return results_visible_to(org=org, user=user)


def result_of_member(
    *, org: Organization, user: User, membership: Membership, result_id
) -> AssessmentScoringResult | None:
    return (
        results_of_member(org=org, user=user, membership=membership)
        .select_related("user", "template", "org")
        .filter(pk=result_id)
        .first()
    )


def result_of_attempt(
    *, org: Organization, user: User, membership: Membership, attempt_id
) -> AssessmentScoringResult | None:
    """The result that scored this attempt, if the member may see it."""
    return (
        results_of_member(org=org, user=user, membership=membership)
        .filter(assessment_id=attempt_id)
        .first()
    )


HISTORY_FIELDS = ("id", "score", "bracket", "created_at")


def result_history(
    results: QuerySet[AssessmentScoringResult],
    *,
    user_id,
    assessment_type: str,
    fields: tuple[str, ...] = HISTORY_FIELDS,
) -> list[AssessmentScoringResult]:
    """One person's results of one type, oldest first, among `results` (what the caller may
    see): the result page's chart, the PDF's history table and the history page."""
    return list(
        results.select_related(None)
        .filter(user_id=user_id, assessment_type=assessment_type)
        .only(*fields)
        .order_by("created_at")
    )


def results_latest_per_type(
    *, org: Organization, user: User, per_type: int = 2
) -> dict[str, list[AssessmentScoringResult]]:
    """The user's newest results of each type (newest first), in one query (window function),
    for the score and its change on the overview."""
    own = (
        results_visible_to(org=org, user=user)
        .filter(user=user)
        .only("id", "assessment_type", "score", "bracket", "created_at")
    )
    ranked = own.annotate(
        rank=Window(
            RowNumber(), partition_by=[F("assessment_type")], order_by=F("created_at").desc()
        )
    )
    latest: dict[str, list[AssessmentScoringResult]] = {}
    for result in ranked.order_by("assessment_type", "-created_at"):
        if result.rank <= per_type:
            latest.setdefault(result.assessment_type, []).append(result)
    return latest


def result_ids_latest_per_type(*, org: Organization, user: User) -> QuerySet:
    """The ids of the user's latest result of each type in the org (a subquery)."""
    return (
        AssessmentScoringResult.objects.filter(org=org, user=user)
        .order_by("assessment_type", "-created_at")
        .distinct("assessment_type")
        .values("id")
    )


def result_previous(
    *, user_id, org_id, assessment_type: str, before=None
) -> AssessmentScoringResult | None:
    """The person's result of this type just before `before` (or their latest)."""
    rows = AssessmentScoringResult.objects.filter(
        user_id=user_id, org_id=org_id, assessment_type=assessment_type
    )
    if before is not None:
        rows = rows.filter(created_at__lt=before)
    return rows.order_by("-created_at").first()


def result_for_insights(result_id) -> AssessmentScoringResult | None:
    return (
        AssessmentScoringResult.objects.select_related("template", "org", "user")
        .filter(pk=result_id)
        .first()
    )


def result_owner_unscoped(result_id) -> tuple | None:
    """(org_id, user_id) of a result, whatever its organisation: a task given only the id
    learns whose scope to work in."""
    with tenancy.unscoped():
        return (
            AssessmentScoringResult.objects_unscoped.filter(pk=result_id)
            .values_list("org_id", "user_id")
            .first()
        )


def result_insights(result: AssessmentScoringResult) -> list:
    """The assessment insights written for a result (through its reverse relation: the table
    belongs to assessments, above scoring), most important first."""
    return list(result.assessment_insights.order_by("priority", "title"))
