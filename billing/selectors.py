"""Reads of billing: what the billing page shows for an organisation (its owner's subscription)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.urls import reverse

from billing import stripe_gateway
from billing.entitlements import plan_of_subscription, remember_plan
from billing.models import StripeEvent, Subscription, SubscriptionStatus
from billing.plans import Plan, catalogue


@dataclass(frozen=True)
class BillingOverview:
    subscription: Subscription | None
    plan: Plan  # the plan in effect (Free once a subscription has ended)
    subscribed_plan: str  # what the row names (e.g. Growth, while cancelled)
    status: str
    status_label: str
    next_billing_date: date | None
    billing_cycle: str | None
    has_billing_account: bool
    has_live_stripe_subscription: bool
    configured: bool
    paid_plans: list[Plan]


def subscription_for_org(*, org) -> Subscription | None:
    """The organisation's subscription: its owner's row (one query)."""
    return Subscription.objects.filter(user_id=org.owner_id).first()


def billing_overview(*, org) -> BillingOverview:
    subscription = subscription_for_org(org=org)
    plan = plan_of_subscription(subscription)
    remember_plan(org, plan)  # later entitlement checks in this request need no query
    status = subscription.status if subscription else SubscriptionStatus.ACTIVE
    stripe_status = ((subscription.stripe_data or {}) if subscription else {}).get("status")
    return BillingOverview(
        subscription=subscription,
        plan=plan,
        subscribed_plan=subscription.plan if subscription else plan.name,
        status=status,
        status_label=SubscriptionStatus(status).label,
        next_billing_date=subscription.nextbillingdate if subscription else None,
        billing_cycle=subscription.billing_cycle if subscription else None,
        has_billing_account=bool(subscription and subscription.stripe_customer_id),
        has_live_stripe_subscription=stripe_status in {"active", "trialing", "past_due"},
        configured=stripe_gateway.configured(),
        paid_plans=catalogue().paid,
    )


def billing_link(user_id) -> str:
    """The billing page of the user's first owned organisation, or "" when they own none."""
    from orgs.models import Organization

    slug = (
        Organization.objects.filter(owner_id=user_id)
        .order_by("created_at")
        .values_list("slug", flat=True)
        .first()
    )
    return reverse("billing:index", kwargs={"org_slug": slug}) if slug else ""


def stripe_event_ids_pending(*, received_before, limit: int) -> list[str]:
    """Events whose task never ran (not processed, not given up), oldest first."""
    return list(
        StripeEvent.objects.filter(
            processed_at__isnull=True, failed_at__isnull=True, received_at__lt=received_before
        )
        .order_by("created")
        .values_list("pk", flat=True)[:limit]
    )
