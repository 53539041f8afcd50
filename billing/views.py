"""Billing pages (organisation-scoped, the owner's subscription) and Stripe's webhook."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from billing import selectors, services, stripe_events
from billing.forms import CheckoutForm
from orgs.decorators import org_view
from orgs.models import OrgPermission

logger = logging.getLogger(__name__)


MANAGE_BILLING_ONLY = "Only the organisation's owner can manage billing."


def _billing_url(org_slug: str) -> str:
    return settings.SITE_URL + reverse("billing:index", kwargs={"org_slug": org_slug})


@org_view()
def index(request: HttpRequest, org_slug: str) -> HttpResponse:
    context = {
        "org": request.org,
        "overview": selectors.billing_overview(org=request.org),
        "can_manage_billing": request.membership.can(OrgPermission.MANAGE_BILLING),
        "checkout_result": request.GET.get("checkout", ""),
        "not_configured_message": services.NOT_CONFIGURED_MESSAGE,
    }
    return render(request, "billing/index.html", context)


@require_POST  # outside org_view: a GET answers 405 to every member
@org_view(OrgPermission.MANAGE_BILLING, message=MANAGE_BILLING_ONLY)
def checkout(request: HttpRequest, org_slug: str) -> HttpResponse:
    form = CheckoutForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a plan and a billing cycle (monthly or annual).")
        return redirect("billing:index", org_slug=org_slug)
    back = _billing_url(org_slug)
    try:
        url = services.checkout_start(
            org=request.org,
            plan_name=form.cleaned_data["plan"],
            cycle=form.cleaned_data["cycle"],
            success_url=f"{back}?checkout=success",
            cancel_url=f"{back}?checkout=cancelled",
        )
    except services.BillingError as exc:
        messages.error(request, str(exc))
        return redirect("billing:index", org_slug=org_slug)
    return redirect(url)


@require_POST  # outside org_view: a GET answers 405 to every member
@org_view(OrgPermission.MANAGE_BILLING, message=MANAGE_BILLING_ONLY)
def portal(request: HttpRequest, org_slug: str) -> HttpResponse:
    try:
        url = services.portal_start(org=request.org, return_url=_billing_url(org_slug))
    except services.BillingError as exc:
        messages.error(request, str(exc))
        return redirect("billing:index", org_slug=org_slug)
    return redirect(url)


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    """Verified and recorded here, applied by a task: Stripe gets its 2xx at once."""
    try:
        _, created = stripe_events.stripe_event_receive(
            payload=request.body, signature=request.headers.get("Stripe-Signature", "")
        )
    except stripe_events.WebhookRejected as exc:
        logger.warning("Stripe webhook rejected: %s", exc)
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse({"received": True, "duplicate": not created})
