"""The assessments overview of an organisation: a card per assessment type."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from assessments import selectors
from assessments.choices import DelegationStatus
from billing.entitlements import assessment_type_allowed
from orgs.decorators import org_view
from orgs.models import OrgPermission
from scoring import selectors as scoring_selectors
from scoring.choices import AssessmentType


def _card(value: str, label: str, *, template, draft, pair: list, org) -> dict:
    answered = len(draft.answers or {}) if draft else 0
    total = len([q for q in template.questions if q["type"] != "text"]) if template else 0
    return {
        "type": value,
        "label": label,
        "description": template.description if template else "",
        "questions": len(template.questions) if template else 0,
        "latest": pair[0] if pair else None,
        "change": (pair[0].score - pair[1].score) if len(pair) == 2 else None,
        "draft": draft,
        "progress": int(answered / total * 100) if draft and total else 0,
        "allowed": assessment_type_allowed(org, value),
        "available": template is not None,
    }


@org_view()
def index(request: HttpRequest, org_slug: str) -> HttpResponse:
    org, user = request.org, request.user
    latest = scoring_selectors.results_latest_per_type(org=org, user=user)
    drafts = selectors.drafts_of_user(org=org, user=user)
    templates = selectors.templates_active()
    cards = [
        _card(
            value,
            label,
            template=templates.get(value),
            draft=drafts.get(value),
            pair=latest.get(value, []),
            org=org,
        )
        for value, label in AssessmentType.choices
    ]
    context = {
        "org": org,
        "cards": cards,
        "onboarding": selectors.onboarding_latest(org=org, user=user),
        "prompts": list(selectors.prompts_due(org=org, user=user)[:5]),
        "assignments": selectors.assignments_open_of_user(org=org, user=user),
        # Questions sent to this user from any organisation (the "delegated to me" page's).
        "delegated_count": selectors.delegations_to_user_unscoped(user)
        .filter(status=DelegationStatus.PENDING)
        .count(),
        "can_edit": request.membership.can(OrgPermission.EDIT),
        "can_manage": request.membership.can(OrgPermission.MANAGE_MEMBERS),
    }
    return render(request, "assessments/index.html", context)
