"""What an organisation's plan unlocks. The paying party is the organisation's owner: the org's
plan is the owner's subscription (no row: Free)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.db import models
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from rest_framework.exceptions import APIException


class Feature(models.TextChoices):
    ONBOARDING = "onboarding", "Onboarding"
    ALL_ASSESSMENTS = "all_assessments", "Every assessment type"
    API = "api", "API access"
    SIMULATIONS = "simulations", "Growth simulations"
    MARKET_INTELLIGENCE = "market_intelligence", "Market intelligence"
    TEAM_COLLABORATION = "team_collaboration", "Team collaboration"
    EXPORTS = "exports", "PDF and CSV exports"


FREE_FEATURES = frozenset({Feature.ONBOARDING, Feature.EXPORTS})
ALL_FEATURES = frozenset(Feature.values)


@dataclass(frozen=True)
class Plan:
    name: str
    status: str
    features: frozenset

    @property
    def is_free(self) -> bool:
        return Feature.ALL_ASSESSMENTS not in self.features


def _free_plan() -> Plan:
    return Plan(name="Free", status="active", features=FREE_FEATURES)


def plan_of_org(org) -> Plan:
    """The org's plan, cached on the instance for the request (at most one query)."""
    cached = getattr(org, "_plan_cache", None)
    if cached is not None:
        return cached
    from billing.models import Subscription, SubscriptionStatus

    subscription = Subscription.objects.filter(user_id=org.owner_id).only("plan", "status").first()
    if subscription is None or subscription.status in (
        SubscriptionStatus.CANCELLED,
        SubscriptionStatus.EXPIRED,
    ) or subscription.plan == "Free":
        plan = _free_plan()
    else:
        plan = Plan(name=subscription.plan, status=subscription.status, features=ALL_FEATURES)
    org._plan_cache = plan
    return plan


def org_has_feature(org, feature: str) -> bool:
    return feature in plan_of_org(org).features


def assessment_type_allowed(org, assessment_type: str) -> bool:
    if org_has_feature(org, Feature.ALL_ASSESSMENTS):
        return True
    return assessment_type == getattr(settings, "BILLING_FREE_ASSESSMENT_TYPE", "strategic_maturity")


def _upgrade_url(org) -> str:
    try:
        return reverse("billing:index", args=[org.slug])
    except NoReverseMatch:
        return ""


def feature_required(feature: str):
    """For org-scoped portal views: a locked feature answers an upgrade page (402)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            org = getattr(request, "org", None)
            if org is not None and not request.user.is_staff and not org_has_feature(org, feature):
                return render(
                    request,
                    "billing/upgrade.html",
                    {
                        "org": org,
                        "feature": Feature(feature).label,
                        "upgrade_url": _upgrade_url(org),
                    },
                    status=402,
                )
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class FeatureLocked(APIException):
    status_code = 402
    default_code = "feature_locked"
    default_detail = "Your plan does not include this feature."

    def __init__(self, feature: str, org=None):
        detail = {
            "detail": f"{Feature(feature).label} is not included in your plan. Upgrade to use it.",
            "feature": feature,
            "upgrade_url": _upgrade_url(org) if org is not None else "",
        }
        super().__init__(detail=detail)
