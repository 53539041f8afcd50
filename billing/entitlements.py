"""What an organisation's plan lets it do.

An organisation's plan is its owner's subscription (the owner pays): no row means Free. A
subscription counts only while it is active or a trial that has not ended; a cancelled or
expired one, or one naming a plan the catalogue does not know, gives Free.

    org_has_feature(org, Feature.SIMULATIONS)
    assessment_type_allowed(org, "tech_stack")
    @feature_required(Feature.EXPORTS)          # portal view: 402 upgrade page
    raise FeatureLocked(Feature.API, org=org)   # API: 402 JSON

Staff reading an organisation (safe methods) are never locked out.
"""

from __future__ import annotations

import logging
from functools import wraps

from django.conf import settings
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from rest_framework.exceptions import APIException

from billing.models import Subscription, SubscriptionStatus
from billing.plans import Feature, Plan, catalogue

__all__ = [
    "Feature",
    "FeatureLocked",
    "Plan",
    "assessment_type_allowed",
    "feature_required",
    "org_has_feature",
    "plan_of_org",
    "plan_of_subscription",
]

logger = logging.getLogger(__name__)

_CACHE_ATTR = "_billing_plan"
_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def plan_of_subscription(subscription: Subscription | None) -> Plan:
    """The plan a subscription row entitles to (Free when none or no longer running)."""
    plans = catalogue()
    if subscription is None:
        return plans.free
    status = subscription.status
    if status == SubscriptionStatus.TRIAL:
        ends = subscription.nextbillingdate
        if ends is not None and ends < timezone.localdate():
            return plans.free  # ended; expire_trials() will write it down
        return plans.trial
    if status != SubscriptionStatus.ACTIVE:
        return plans.free
    plan = plans.get(subscription.plan)
    if plan is None:
        logger.warning("Subscription %s names unknown plan %r", subscription.pk, subscription.plan)
        return plans.free
    return plan


def plan_of_org(org) -> Plan:
    """The organisation's plan, cached on the instance: at most one query per org object."""
    cached = getattr(org, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    subscription = (
        Subscription.objects.filter(user_id=org.owner_id)
        .only("sub_id", "plan", "status", "nextbillingdate")
        .first()
    )
    return remember_plan(org, plan_of_subscription(subscription))


def remember_plan(org, plan: Plan) -> Plan:
    """Cache the plan on the org instance (a selector that read the subscription already)."""
    setattr(org, _CACHE_ATTR, plan)
    return plan


def org_has_feature(org, feature: str) -> bool:
    return plan_of_org(org).has(feature)


def assessment_type_allowed(org, assessment_type: str) -> bool:
    """Free: onboarding and settings.BILLING_FREE_ASSESSMENT_TYPE; trial and paid plans: all."""
    plan = plan_of_org(org)
    if plan.has(Feature.ALL_ASSESSMENTS):
        return True
    if assessment_type == "onboarding":
        return plan.has(Feature.ONBOARDING)
    return assessment_type == settings.BILLING_FREE_ASSESSMENT_TYPE


def upgrade_url(org) -> str:
    try:
        return reverse("billing:index", kwargs={"org_slug": org.slug})
    except NoReverseMatch:
        return ""


def feature_label(feature: str) -> str:
    try:
        return Feature(feature).label
    except ValueError:
        return str(feature)


class FeatureLocked(APIException):
    """402 with {"detail", "feature", "upgrade_url"}: the plan does not include the feature."""

    status_code = 402
    default_code = "feature_locked"
    default_detail = "Your organisation's plan does not include this feature."

    def __init__(self, feature: str, org=None, *, detail: str | None = None):
        self.feature = str(feature)
        self.upgrade_url = upgrade_url(org) if org is not None else ""
        message = detail or (
            f"{feature_label(feature)} is not included in your organisation's plan. "
            "Upgrade to use it."
        )
        super().__init__(
            {"detail": message, "feature": self.feature, "upgrade_url": self.upgrade_url},
            code=self.default_code,
        )


def _staff_reading(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user and user.is_staff and request.method in _SAFE_METHODS)


def upgrade_response(request, org, feature: str, *, status: int = 402):
    membership = getattr(request, "membership", None)
    can_manage = bool(membership) and membership.can("org.manage_billing")
    return render(
        request,
        "billing/upgrade.html",
        {
            "org": org,
            "feature": str(feature),
            "feature_label": feature_label(feature),
            "plan": plan_of_org(org),
            "upgrade_url": upgrade_url(org),
            "can_manage_billing": can_manage,
        },
        status=status,
    )


def feature_required(feature: str):
    """Decorator for org-scoped portal views (request.org set by the orgs middleware)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            org = getattr(request, "org", None)
            if org and not _staff_reading(request) and not org_has_feature(org, feature):
                return upgrade_response(request, org, feature)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
