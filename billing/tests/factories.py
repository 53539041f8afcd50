import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from billing.models import StripeEvent, Subscription


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscription

    user = factory.SubFactory(UserFactory)
    plan = "Free"
    status = "active"


class StripeEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StripeEvent

    id = factory.Sequence(lambda n: f"evt_test_{n:08d}")
    type = "customer.subscription.updated"
    created = factory.LazyFunction(timezone.now)
    payload = factory.LazyAttribute(lambda o: {"id": o.id, "object": "event", "type": o.type})


def subscription_set(
    *,
    user,
    plan: str,
    status: str | None = None,
    cycle: str | None = None,
    days: int | None = None,
    **stripe_ids,
) -> Subscription:
    """Put `user` on `plan` (Free, Trial or a paid plan), creating or replacing the row.

    A trial ends in `days` (TRIAL_DAYS by default); a paid plan renews in `days` (30 monthly,
    365 annual); Free has no date.
    """
    from datetime import timedelta

    from django.conf import settings

    status = status or ("trial" if plan == "Trial" else "active")
    if plan == "Free":
        next_date = None
    elif plan == "Trial":
        next_date = timezone.localdate() + timedelta(
            days=settings.TRIAL_DAYS if days is None else days
        )
    else:
        cycle = cycle or "monthly"
        default_days = 365 if cycle == "annual" else 30
        next_date = timezone.localdate() + timedelta(days=default_days if days is None else days)
    subscription, _ = Subscription.objects.update_or_create(
        user=user,
        defaults={
            "plan": plan,
            "status": status,
            "nextbillingdate": next_date,
            "billing_cycle": cycle if plan not in ("Free", "Trial") else None,
            **stripe_ids,
        },
    )
    return subscription
