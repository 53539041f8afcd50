"""Portal pages of results: the result (score, chart, SWOT, insights), its history, and its
board-ready PDF and CSV. Their URLs keep the `assessments:` names (scoring/urls.py).

Every page runs in the URL organisation's scope (orgs.middleware); what a member may see is
the one rule of scoring.selectors.results_of_member.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from billing.entitlements import Feature, feature_offer, feature_required
from orgs.decorators import org_view
from orgs.models import OrgPermission
from scoring import charts, exports, selectors, signals
from scoring.choices import AssessmentType, Bracket
from scoring.models import AssessmentScoringResult


def _type_or_404(assessment_type: str) -> str:
    if assessment_type not in AssessmentType.values:
        raise Http404("No such assessment.")
    return assessment_type


def _visible(request):
    return selectors.results_of_member(
        org=request.org, user=request.user, membership=request.membership
    )


def _result_or_404(request, result_id) -> AssessmentScoringResult:
    result = selectors.result_of_member(
        org=request.org, user=request.user, membership=request.membership, result_id=result_id
    )
    if result is None:
        raise Http404("No such result.")
    return result


@org_view()
def result(request: HttpRequest, org_slug: str, result_id) -> HttpResponse:
    current = _result_or_404(request, result_id)
    history = selectors.result_history(
        _visible(request), user_id=current.user_id, assessment_type=current.assessment_type
    )
    previous = selectors.result_before(_visible(request), result=current)
    label = AssessmentType(current.assessment_type).label
    if current.user_id == request.user.pk:
        signals.result_viewed.send(
            sender=AssessmentScoringResult, result=current, user=request.user, org=request.org
        )
    context = {
        "org": request.org,
        "result": current,
        "label": label,
        "bracket_label": Bracket(current.bracket).label,
        "history": history,
        "previous": previous,
        "change": current.score - previous.score if previous else None,
        "category_chart": charts.category_bars(current.category_scores or {}),
        "history_chart": charts.history_line(
            [(f"{r.created_at:%b %y}", r.score) for r in history], title=f"{label} over time"
        )
        if len(history) > 1
        else None,
        "insights": selectors.result_insights(current),
        "is_own": current.user_id == request.user.pk,
        "can_edit": request.membership.can(OrgPermission.EDIT),
        "confidence_pct": int(current.confidence * 100) if current.confidence is not None else None,
        "exports_locked": feature_offer(request, request.org, Feature.EXPORTS),
    }
    return render(request, "scoring/result.html", context)


@org_view()
def history(request: HttpRequest, org_slug: str, assessment_type: str) -> HttpResponse:
    _type_or_404(assessment_type)
    visible = _visible(request)
    fields = (*selectors.HISTORY_FIELDS, "confidence", "rubric_version")
    page, older = selectors.result_history_page(
        visible,
        user_id=request.user.pk,
        assessment_type=assessment_type,
        number=request.GET.get("page"),
        fields=fields,
    )
    rows = list(page)  # newest first; each one's change is against the next (older) one
    entries = [
        {"result": row, "change": row.score - below.score if below else None}
        for row, below in zip(rows, [*rows[1:], older], strict=False)
    ]
    points = selectors.result_history(
        visible, user_id=request.user.pk, assessment_type=assessment_type
    )
    label = AssessmentType(assessment_type).label
    context = {
        "org": request.org,
        "label": label,
        "assessment_type": assessment_type,
        "entries": entries,
        "page": page,
        "chart": charts.history_line(
            [(f"{r.created_at:%d %b %y}", r.score) for r in points], title=f"{label} over time"
        )
        if points
        else None,
    }
    return render(request, "scoring/history.html", context)


def _attachment(body, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@org_view()
@feature_required(Feature.EXPORTS)
def export_pdf(request: HttpRequest, org_slug: str, result_id) -> HttpResponse:
    current = _result_or_404(request, result_id)
    history = selectors.result_history(
        _visible(request),
        user_id=current.user_id,
        assessment_type=current.assessment_type,
        fields=("id", "score", "created_at"),
    )
    body = exports.result_pdf(
        current,
        org_name=request.org.name,
        person=current.user.get_full_name() or current.user.email,
        history=history,
    )
    filename = f"{current.assessment_type}-{current.created_at:%Y-%m-%d}.pdf"
    return _attachment(body, "application/pdf", filename)


@org_view()
@feature_required(Feature.EXPORTS)
def export_csv(request: HttpRequest, org_slug: str, result_id) -> HttpResponse:
    current = _result_or_404(request, result_id)
    filename = f"{current.assessment_type}-{current.created_at:%Y-%m-%d}.csv"
    return _attachment(exports.result_csv(current), "text/csv; charset=utf-8", filename)
