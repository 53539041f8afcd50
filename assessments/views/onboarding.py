"""The onboarding wizard: five steps saved one by one, then submitted."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from assessments import selectors
from assessments.choices import AttemptStatus
from assessments.forms import onboarding_form_class
from assessments.models import OnboardingAssessment
from assessments.services import onboarding as services
from orgs.decorators import DEFAULT_MESSAGE, org_view
from orgs.models import OrgPermission


def _draft_unsaved(request, latest) -> OnboardingAssessment:
    """A GET never writes: the draft is created by the first saved step (from the last
    submitted answers, when there are any)."""
    if latest and latest.status == AttemptStatus.DRAFT:
        return latest
    return OnboardingAssessment(
        user=request.user,
        org=request.org,
        **{
            name: getattr(latest, name)
            for _, fields in services.ONBOARDING_STEPS
            for name in fields
            if latest is not None and name != "final_confirmation"
        },
    )


def _resume_step(draft) -> int:
    if draft._state.adding:
        return 0
    session = selectors.session_latest(assessment_id=draft.pk)
    return session.current_step if session else 0


def _step_of(request, draft) -> int:
    try:
        step = int(request.POST.get("step") or request.GET.get("step") or _resume_step(draft))
    except ValueError:
        step = 0
    return min(max(step, 0), len(services.ONBOARDING_STEPS) - 1)


def _step_url(org, step: int) -> str:
    return f"{reverse('assessments:onboarding', args=[org.slug])}?step={step}"


@org_view()
def onboarding(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = request.org
    latest = selectors.onboarding_latest(org=org, user=request.user)
    if (
        request.method == "GET"
        and latest
        and latest.status == AttemptStatus.SUBMITTED
        and not (request.GET.get("redo"))
    ):
        return render(
            request, "assessments/onboarding_done.html", {"org": org, "onboarding": latest}
        )
    # Anyone in the org sees their finished onboarding; filling it in needs the edit role.
    if not request.membership.can(OrgPermission.EDIT):
        raise PermissionDenied(DEFAULT_MESSAGE)
    if request.method == "POST":
        draft = services.onboarding_start(user=request.user, org=org)
    else:
        draft = _draft_unsaved(request, latest)
    steps = services.ONBOARDING_STEPS
    step = _step_of(request, draft)
    form = onboarding_form_class(step)(request.POST or None, instance=draft)
    if request.method == "POST":
        if request.POST.get("action") == "back":
            return redirect(_step_url(org, step - 1))
        if form.is_valid():
            services.onboarding_save_step(
                onboarding=draft, step=step, data=form.cleaned_data, user=request.user
            )
            if step < len(steps) - 1:
                return redirect(_step_url(org, step + 1))
            try:
                services.onboarding_submit(onboarding=draft, user=request.user)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(
                    request,
                    "Onboarding complete. Your answers now inform every assessment's SWOT.",
                )
                return redirect("assessments:index", org_slug=org.slug)
    context = {
        "org": org,
        "form": form,
        "step": step,
        "steps": [label for label, _ in steps],
        "step_label": steps[step][0],
        "is_last": step == len(steps) - 1,
        "progress": int(step / len(steps) * 100),
        "draft": draft,
    }
    return render(
        request, "assessments/onboarding.html", context, status=400 if form.errors else 200
    )
