"""Demo subscriptions: Acme's owner pays for Growth (annual), Northwind's owner is on a trial
ending in two days, and Fred's one-person organisation is on Free. Idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from billing.models import FREE_PLAN, TRIAL_PLAN, BillingCycle, Subscription, SubscriptionStatus
from orgs import services as org_services
from orgs.models import Organization

FREE_ORG = ("Freelance Studio", "freelance")


def seed_billing_demo() -> list[tuple[str, str, str]]:
    """Returns the logins it adds, as (email, organisation, role)."""
    from demo.orgs import DemoPerson, _person

    fred = _person(
        DemoPerson("fred@freelance.example", "Fred", "Fisher", "Independent consultant"),
        company=FREE_ORG[0],
    )
    if not Organization.objects.filter(slug=FREE_ORG[1]).exists():
        org_services.org_create(owner=fred, name=FREE_ORG[0], slug=FREE_ORG[1])
    today = timezone.localdate()
    _subscription(
        "olivia@acme.example",
        plan="Growth",
        status=SubscriptionStatus.ACTIVE,
        cycle=BillingCycle.ANNUAL,
        next_date=today + timedelta(days=200),
    )
    _subscription(
        "nora@northwind.example",
        plan=TRIAL_PLAN,
        status=SubscriptionStatus.TRIAL,
        cycle=None,
        next_date=today + timedelta(days=2),
    )
    _subscription(
        fred.email, plan=FREE_PLAN, status=SubscriptionStatus.ACTIVE, cycle=None, next_date=None
    )
    return [(fred.email, FREE_ORG[0], "Owner")]


def _subscription(email: str, *, plan: str, status: str, cycle, next_date) -> None:
    """Set the demo state unless the row is already on it (a second run changes nothing)."""
    subscription = Subscription.objects.filter(user__email=email).first()
    if subscription is None:
        from accounts.models import User

        subscription = Subscription(user=User.objects.get(email=email))
    elif (subscription.plan, subscription.status, subscription.billing_cycle) == (
        plan,
        status,
        cycle,
    ) and (plan != TRIAL_PLAN or subscription.nextbillingdate == next_date):
        return
    subscription.plan, subscription.status, subscription.billing_cycle = plan, status, cycle
    subscription.nextbillingdate = next_date
    subscription.save()
