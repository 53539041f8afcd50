"""Strategic pulses: send one to colleagues, see its aggregated answers, answer it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from assessments import selectors
from assessments.forms import PulseForm
from assessments.models import StrategicPulse
from assessments.services import pulses as services
from billing.entitlements import Feature, feature_offer, feature_required
from orgs.decorators import org_view
from orgs.models import OrgPermission


@org_view(write_permission=OrgPermission.MANAGE_MEMBERS)
@feature_required(Feature.TEAM_COLLABORATION, methods={"POST"})  # sending; the list stays
def pulses(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = request.org
    form = PulseForm(request.POST or None, member_emails=selectors.member_choices(org))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pulse = services.pulse_create(
                org=org,
                created_by=request.user,
                title=data["title"],
                statements=data["statements"].splitlines(),
                emails=data["emails"],
                days_open=data["days_open"],
                cadence_days=data["cadence_days"],
            )
        except ValidationError as exc:
            for field, errs in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errs)
        else:
            messages.success(request, f"“{pulse.title}” sent to {len(data['emails'])} people.")
            return redirect("assessments:pulse_detail", org.slug, pulse.pk)
    rows = selectors.pulses_with_counts(org=org)
    mine = selectors.pulses_to_answer(org=org, user=request.user)
    context = {
        "org": org,
        "form": form,
        "pulses": rows,
        "to_answer": mine,
        "can_manage": request.membership.can(OrgPermission.MANAGE_MEMBERS),
        "collaboration_locked": feature_offer(request, org, Feature.TEAM_COLLABORATION),
    }
    return render(request, "assessments/pulses.html", context, status=400 if form.errors else 200)


def _pulse_or_404(request, pulse_id) -> StrategicPulse:
    pulse = selectors.pulse_of_org(org=request.org, pulse_id=pulse_id)
    if pulse is None:
        raise Http404("No such pulse.")
    return pulse


@org_view()
def pulse_detail(request: HttpRequest, org_slug: str, pulse_id) -> HttpResponse:
    pulse = _pulse_or_404(request, pulse_id)
    summary = services.pulse_summary(pulse)
    context = {
        "org": request.org,
        "pulse": pulse,
        "summary": summary,
        "min_responses": services.PULSE_MIN_RESPONSES,
        "invited": selectors.pulse_invited_count(pulse),
    }
    return render(request, "assessments/pulse_detail.html", context)


@org_view()
def pulse_respond(request: HttpRequest, org_slug: str, pulse_id) -> HttpResponse:
    pulse = _pulse_or_404(request, pulse_id)
    errors = {}
    if request.method == "POST":
        answers = {q["key"]: request.POST.get(q["key"]) for q in pulse.questions}
        try:
            services.pulse_respond(pulse=pulse, user=request.user, answers=answers)
        except PermissionDenied:
            raise
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                errors = {k: " ".join(v) for k, v in exc.message_dict.items()}
            else:
                messages.error(request, " ".join(exc.messages))
                return redirect("assessments:pulses", org_slug=request.org.slug)
        else:
            messages.success(request, "Thanks: your answers are anonymous in the results.")
            return redirect("assessments:pulses", org_slug=request.org.slug)
    context = {"org": request.org, "pulse": pulse, "errors": errors, "posted": request.POST}
    return render(request, "assessments/pulse_respond.html", context, status=400 if errors else 200)
