"""Reads of scoring data: org first, then the user's own results and those shared with them.

Every read runs in the caller's tenancy scope (config.tenancy); the one that must cross
organisations says so in its name (`…_unscoped`).
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from guardian.shortcuts import get_objects_for_user

from accounts.models import User
from config import tenancy
from orgs.models import Membership, Organization, OrgPermission
from scoring.choices import VIEW_RESULT, AssessmentType
from scoring.models import AssessmentScoringResult


def results_visible_to(*, org: Organization, user: User) -> QuerySet[AssessmentScoringResult]:
    """Org scoping comes first; object grants (shared results) only widen within the org."""
    in_org = AssessmentScoringResult.objects.filter(org=org)
    shared = get_objects_for_user(
        user, VIEW_RESULT, klass=in_org, with_superuser=False, accept_global_perms=False
    )
    # Both sides filter the one table (the grants are `pk IN (…)` subqueries): no row twice, so
    # no DISTINCT, which would sort the whole organisation's results for every page.
    return (in_org.filter(user=user) | shared).order_by("-created_at")


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
# A chart (the result page's, the history page's, the PDF's table) shows the newest points only;
# the history page lists every result, a page at a time.
HISTORY_CHART_POINTS = 24
HISTORY_PAGE_SIZE = 50


def _history_rows(results, *, user_id, assessment_type: str, fields: tuple[str, ...]):
    return (
        results.select_related(None)
        .filter(user_id=user_id, assessment_type=assessment_type)
        .only(*fields)
        .order_by("-created_at", "-id")
    )


def result_history(
    results: QuerySet[AssessmentScoringResult],
    *,
    user_id,
    assessment_type: str,
    fields: tuple[str, ...] = HISTORY_FIELDS,
    limit: int = HISTORY_CHART_POINTS,
) -> list[AssessmentScoringResult]:
    """One person's newest `limit` results of one type, oldest first, among `results` (what the
    caller may see): the result page's chart and the PDF's history table."""
    rows = _history_rows(results, user_id=user_id, assessment_type=assessment_type, fields=fields)
    newest = list(rows[:limit])
    newest.reverse()
    return newest


def result_history_page(
    results: QuerySet[AssessmentScoringResult],
    *,
    user_id,
    assessment_type: str,
    number,
    fields: tuple[str, ...] = HISTORY_FIELDS,
    per_page: int = HISTORY_PAGE_SIZE,
) -> tuple[Page, AssessmentScoringResult | None]:
    """A page of one person's results of one type, newest first (`number` as the client sent
    it: a bad one gives the first or last page), and the result just older than the page's last
    (its change is against that one)."""
    rows = _history_rows(results, user_id=user_id, assessment_type=assessment_type, fields=fields)
    paginator = Paginator(rows, per_page)
    number = paginator.get_page(number).number  # counts; the page's rows are not read yet
    start = (number - 1) * per_page
    chunk = list(rows[start : start + per_page + 1])  # one more: the change of the last row
    older = chunk[per_page] if len(chunk) > per_page else None
    return Page(chunk[:per_page], number, paginator), older


def result_before(
    results: QuerySet[AssessmentScoringResult], *, result: AssessmentScoringResult
) -> AssessmentScoringResult | None:
    """The person's result of the same type just before `result`, among `results`."""
    return (
        _history_rows(
            results,
            user_id=result.user_id,
            assessment_type=result.assessment_type,
            fields=HISTORY_FIELDS,
        )
        .filter(created_at__lt=result.created_at)
        .first()
    )


def results_latest_per_type(
    *, org: Organization, user: User, per_type: int = 2
) -> dict[str, list[AssessmentScoringResult]]:
    """The user's newest `per_type` results of each type (newest first), for the score and its
    change on the overview: one query, a UNION ALL of one `LIMIT per_type` index scan per type
    (scoring_result_user_type_idx), so it reads at most per_type rows of each type whatever the
    user's history holds. A user always sees their own results, so no object grant is read."""
    own = AssessmentScoringResult.objects.filter(org=org, user=user).only(
        "id", "assessment_type", "score", "bracket", "created_at"
    )
    per_kind = [
        own.filter(assessment_type=kind).order_by("-created_at", "-id")[:per_type]
        for kind in AssessmentType.values
    ]
    latest: dict[str, list[AssessmentScoringResult]] = {}
    for result in per_kind[0].union(*per_kind[1:], all=True):
        latest.setdefault(result.assessment_type, []).append(result)
    for rows in latest.values():
        rows.sort(key=lambda r: (r.created_at, str(r.pk)), reverse=True)
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


def weakest_category_of_user(*, org: Organization, user: User) -> str:
    """The label of the lowest-scored category of `user`'s own newest result in `org` (their
    private results included: it is read for them only), or "" without a scored category."""
    from scoring.shapes import category_rows

    latest = (
        AssessmentScoringResult.objects.filter(org=org, user=user)
        .order_by("-created_at", "-id")
        .values_list("category_scores", flat=True)
        .first()
    )
    scored = [row for row in category_rows(latest) if row["score"] is not None]
    return min(scored, key=lambda row: row["score"])["label"] if scored else ""
