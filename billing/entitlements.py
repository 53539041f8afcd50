"""What an organisation's plan lets it do.

An organisation's plan is its owner's subscription (the owner pays): no row means Free. A
subscription counts only while it is active or a trial that has not ended; a cancelled or
expired one, or one naming a plan the catalogue does not know, gives Free.

    org_has_feature(org, Feature.SIMULATIONS)
    assessment_type_allowed(org, "tech_stack")
    @feature_required(Feature.EXPORTS)          # portal view: 402 upgrade page
    @feature_required(Feature.TEAM_COLLABORATION, methods={"POST"})  # only its writes
    class ResultViewSet(PlanFeaturesMixin, ..., OrgScopedViewSet):  # API: 402 JSON
        plan_features = {"pdf": Feature.EXPORTS, "csv": Feature.EXPORTS}

These two are the one way a plan is enforced where a feature is used; `FeatureLocked` is what
both raise or render. Staff reading an organisation (safe methods) are never locked out.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from rest_framework.exceptions import APIException

from billing.models import Subscription, SubscriptionStatus
from billing.plans import Feature, Plan, catalogue
from config import tenancy

__all__ = [
    "Feature",
    "FeatureLocked",
    "Plan",
    "assessment_type_allowed",
    "PlanFeaturesMixin",
    "FeatureOffer",
    "feature_check",
    "feature_offer",
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


def key_plan_annotate_unscoped(keys):
    """API-key authentication's one query (orgs.selectors.api_key_for_request_unscoped) also
    reads the subscription of the key's org's owner, the row `plan_of_org` would read
    (inside that query's unscoped block)."""
    from django.db.models import JSONField, OuterRef, Subquery
    from django.db.models.functions import JSONObject

    subscription = Subscription.objects_unscoped.filter(user_id=OuterRef("org__owner_id")).values(
        row=JSONObject(
            sub_id="sub_id", plan="plan", status="status", nextbillingdate="nextbillingdate"
        )
    )[:1]
    return keys.annotate(plan_subscription=Subquery(subscription, output_field=JSONField()))


def key_plan_remember(key) -> None:
    """The plan of the subscription `key_plan_annotate_unscoped` read, cached on the key's org."""
    from django.utils.dateparse import parse_date

    row = getattr(key, "plan_subscription", None)
    subscription = None
    if row is not None:
        subscription = Subscription(
            sub_id=row["sub_id"],
            plan=row["plan"],
            status=row["status"],
            nextbillingdate=parse_date(row["nextbillingdate"]) if row["nextbillingdate"] else None,
        )
    remember_plan(key.org, plan_of_subscription(subscription))


def org_has_feature(org, feature: str) -> bool:
    return plan_of_org(org).has(feature)


def key_org_has_feature_unscoped(org, feature: str) -> bool:
    """An API key's organisation's plan, whatever scope the view opens (a personal endpoint
    runs in its user's scope, where the org owner's subscription is not visible): the key
    names its organisation, so the read of its owner's plan crosses the view's scope."""
    with tenancy.unscoped():
        return org_has_feature(org, feature)


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
    membership = request.membership  # an org page's (feature_required refuses any other)
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


def feature_locked(request, org, feature: str) -> bool:
    """True when `org`'s plan lacks `feature` for this request (staff reading pass)."""
    return not _staff_reading(request) and not org_has_feature(org, feature)


def feature_required(feature: str, *, methods: Iterable[str] | None = None):
    """Decorator for org-scoped portal views (request.org set by the orgs middleware).

    `methods` limits the gate to those HTTP methods (e.g. {"POST"}: a page stays readable and
    only what it creates needs the plan); by default every method is gated.
    """
    gated = {method.upper() for method in methods} if methods is not None else None

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            org = getattr(request, "org", None)  # the URL's org (orgs.middleware)
            if org is None:  # a page without <org_slug> has no plan to check: refuse the setup
                raise ImproperlyConfigured(f"{view.__qualname__} is gated but names no org.")
            applies = gated is None or request.method in gated
            if applies and feature_locked(request, org, feature):
                return upgrade_response(request, org, feature)
            return view(request, *args, **kwargs)

        wrapped.plan_feature = str(feature)  # for the feature × plan test and reviewers
        return wrapped

    return decorator


@dataclass(frozen=True)
class FeatureOffer:
    """What a page shows instead of a feature the plan lacks: "<feature> is part of <plans>"."""

    feature: str
    feature_label: str
    plan: Plan
    plans: tuple[str, ...]
    upgrade_url: str

    @property
    def plans_text(self) -> str:
        names = list(self.plans)
        return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def feature_offer(request, org, feature: str) -> FeatureOffer | None:
    """None when the org may use `feature`; else what to offer instead (the paid plans that
    include it and the billing page), so a page never offers what every use would refuse."""
    if not feature_locked(request, org, feature):
        return None
    return FeatureOffer(
        feature=str(feature),
        feature_label=feature_label(feature),
        plan=plan_of_org(org),
        plans=tuple(plan.name for plan in catalogue().paid if plan.has(feature)),
        upgrade_url=upgrade_url(org),
    )


def feature_check(*, request, org, feature: str) -> None:
    """API: raise FeatureLocked (402 JSON) unless the org's plan includes `feature`."""
    if feature_locked(request, org, feature):
        raise FeatureLocked(feature, org)


class PlanFeaturesMixin:
    """For org-scoped DRF viewsets: `plan_features` maps an action to the feature it needs.

    Checked by `billing.api.permissions.ActionPlanFeature`, one of the default permission
    classes, after the viewset has resolved the organisation (OrgScopedViewSet.open_scope), so an
    outsider still gets 404 (never a 402 that would confirm the organisation exists). A view
    below billing (orgs') declares `plan_features` with plain keys and no mixin.
    """

    plan_features: dict[str, str] = {}
