"""Sharing the work: questions delegated to me (from any organisation), invitations to answer
them, and the team page (assignments, my delegations, the wizards' funnel, insights)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from assessments import selectors
from assessments.forms import AssignmentForm
from assessments.services import delegation as services
from billing.entitlements import Feature, feature_offer, feature_required
from orgs.decorators import org_view
from orgs.models import OrgPermission
from scoring.choices import AssessmentType
from scoring.engine import NOT_APPLICABLE

# --- Delegated to me (any organisation: these pages have no <org_slug>) ------------------------


def _posted_answer(request, question):
    if request.POST.get("na"):
        return NOT_APPLICABLE
    if question and question["type"] == "multi":
        return request.POST.getlist("answer")
    return request.POST.get("answer")


@login_required
def delegated(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.delegations_to_user_unscoped(request.user)[:200])
    questions = selectors.delegated_question_definitions_unscoped(rows)
    errors: dict = {}
    if request.method == "POST":
        delegation_id = request.POST.get("delegation_id", "")
        row = next((r for r in rows if str(r.pk) == delegation_id), None)
        if row is None:
            raise Http404("No such delegated question.")
        value = _posted_answer(request, questions.get(row.pk))
        try:
            services.question_answer(delegation_id=row.pk, user=request.user, answer=value)
        except ValidationError as exc:
            errors[str(row.pk)] = " ".join(exc.messages)
        else:
            messages.success(request, "Thank you: your answer has been saved.")
            return redirect("assessments:delegated")
    items = [
        {"row": r, "question": questions.get(r.pk), "error": errors.get(str(r.pk))} for r in rows
    ]
    return render(
        request, "assessments/delegated.html", {"items": items}, status=400 if errors else 200
    )


@login_required
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.invitation_accept(token=token, user=request.user)
    except (ValidationError, PermissionDenied) as exc:
        return render(
            request,
            "assessments/invitation_error.html",
            {"message": " ".join(getattr(exc, "messages", [str(exc)]))},
            status=400,
        )
    messages.success(request, f"You can now answer the questions {invitation.org.name} sent you.")
    return redirect("assessments:delegated")


# --- Team: assignments, delegations, analytics ---------------------------------------------------


@org_view(write_permission=OrgPermission.MANAGE_MEMBERS)
@feature_required(Feature.TEAM_COLLABORATION, methods={"POST"})  # assigning; the page stays
def team(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = request.org
    can_manage = request.membership.can(OrgPermission.MANAGE_MEMBERS)
    form = AssignmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_create(org=org, assigned_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errs in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errs)
        else:
            messages.success(request, f"Assigned to {form.cleaned_data['email']}.")
            return redirect("assessments:team", org_slug=org.slug)
    context = {
        "org": org,
        "form": form,
        "can_manage": can_manage,
        "assignments": selectors.assignments_of_org(org=org) if can_manage else [],
        "delegations": selectors.delegations_owned_with_questions(org=org, owner=request.user),
        "analytics": _analytics(org) if can_manage else None,
        "insights": selectors.insights_latest(org=org, user=request.user),
        "collaboration_locked": feature_offer(request, org, Feature.TEAM_COLLABORATION),
    }
    return render(request, "assessments/team.html", context, status=400 if form.errors else 200)


def _worst_drop(steps: dict) -> tuple | None:
    """(step, completions lost) of the step after which most people stopped."""
    worst = None
    ordered = sorted(s for s in steps if s is not None)
    for a, b in zip(ordered, ordered[1:], strict=False):
        loss = steps[a] - steps[b]
        if loss > 0 and (worst is None or loss > worst[1]):
            worst = (b, loss)
    return worst


def _analytics(org) -> list[dict]:
    """Per wizard: started, submitted, completion rate, mean time per step, drop-off."""
    counts, drop = selectors.analytics_funnel(org=org)
    labels = dict([("onboarding", "Onboarding"), *AssessmentType.choices])
    rows = []
    for row in counts:
        if not row["started"]:
            continue
        worst = _worst_drop(drop.get(row["assessment_type"], {}))
        rows.append(
            {
                "label": labels.get(row["assessment_type"], row["assessment_type"]),
                "started": row["started"],
                "submitted": row["submitted"],
                "rate": int(row["submitted"] / row["started"] * 100),
                "step_seconds": int((row["step_ms"] or 0) / 1000),
                "drop_step": worst[0] + 1 if worst else None,
            }
        )
    return rows


@org_view()
@require_POST
def delegation_revoke(request: HttpRequest, org_slug: str, delegation_id) -> HttpResponse:
    delegation = selectors.delegation_owned(
        org=request.org, owner=request.user, delegation_id=delegation_id
    )
    if delegation is None:
        raise Http404("No such delegation.")
    services.delegation_revoke(delegation=delegation, user=request.user)
    messages.success(request, f"Delegation to {delegation.delegate_email} revoked.")
    return redirect("assessments:team", org_slug=request.org.slug)
