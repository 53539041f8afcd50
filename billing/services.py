"""Writes of billing: trials, Checkout and portal sessions, and the mirroring of a Stripe
subscription onto its row (`subscription_apply`). Stripe's webhook events are received and
applied in `billing.stripe_events`, the daily reconciliation is `billing.reconcile`.

Stripe is the source of truth for paid subscriptions; the `subscriptions` row mirrors it. Every
Stripe state reaches the row through `subscription_apply`, which maps Stripe's status onto the
seed's four (docs/billing.md) and never lets an older state overwrite a newer one: the state's
time (the event's `created`, or "now" for an object read from the API) is compared with
`stripe_synced_at`, and equal times are settled by the objects' own state (`_tie_key`).
"""

from __future__ import annotations

import json
import logging
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import stripe
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from billing import stripe_gateway as gateway
from billing.models import (
    FREE_PLAN,
    TRIAL_PLAN,
    BillingCycle,
    Subscription,
    SubscriptionStatus,
)
from billing.plans import catalogue
from billing.selectors import billing_link
from config import tenancy
from events.services import event_record

logger = logging.getLogger(__name__)

# Stripe subscription status → the seed's status. None: keep the row's status and plan (an
# `incomplete` subscription has not been paid yet; it becomes active or incomplete_expired).
STRIPE_STATUS_MAP: dict[str, str | None] = {
    "active": SubscriptionStatus.ACTIVE,
    "trialing": SubscriptionStatus.TRIAL,
    "past_due": SubscriptionStatus.ACTIVE,  # still entitled while Stripe retries the payment
    "canceled": SubscriptionStatus.CANCELLED,
    "unpaid": SubscriptionStatus.EXPIRED,
    "incomplete_expired": SubscriptionStatus.EXPIRED,
    "paused": SubscriptionStatus.EXPIRED,  # a trial ended without a payment method
    "incomplete": None,
}
LIVE_STRIPE_STATUSES = frozenset({"active", "trialing", "past_due"})
ENDED_STRIPE_STATUSES = frozenset({"canceled", "unpaid", "incomplete_expired"})
# Equal timestamps: the state further along a subscription's life wins.
_STATUS_RANK = {
    "incomplete": 0,
    "trialing": 1,
    "active": 2,
    "past_due": 3,
    "paused": 4,
    "unpaid": 5,
    "incomplete_expired": 6,
    "canceled": 7,
}
_INTERVAL_CYCLE = {"month": BillingCycle.MONTHLY, "year": BillingCycle.ANNUAL}
# An event's `created` may run ahead of our clock by this much (skew); further ahead it would win
# every ordering comparison for ever, so it is refused. Stripe timestamps fit in 32 bits.
MAX_CLOCK_SKEW = timedelta(minutes=5)
MAX_EVENT_ATTEMPTS = 10  # the task's own retries and the sweep's, together
_MIRRORED_FIELDS = ("plan", "status", "nextbillingdate", "billing_cycle")

NOT_CONFIGURED_MESSAGE = (
    "Billing is not configured on this installation yet, so plans cannot be bought or "
    "managed here. Everyone keeps their current plan."
)


class BillingError(Exception):
    """A billing action that cannot be done; the message is shown to the user."""


class WebhookRejected(Exception):
    """A webhook that is not a genuine, recent Stripe event: answered 400, nothing recorded."""


class UnresolvableEvent(Exception):
    """A Stripe event that names no subscription of ours (unknown customer or price).

    Recorded on the StripeEvent (`error`) and logged; never retried, since retrying cannot help.
    """


# --- Helpers shared by the writes (and billing.stripe_events, billing.reconcile) --------


def _ts(value) -> datetime | None:
    return datetime.fromtimestamp(int(value), tz=UTC) if value else None


def _day(value) -> date | None:
    moment = _ts(value)
    return moment.date() if moment else None


def _id_of(value) -> str | None:
    """A Stripe reference that may be an id or an expanded object."""
    if isinstance(value, dict):
        return value.get("id")
    return value or None


def _items(obj: dict) -> list[dict]:
    return list(((obj.get("items") or {}).get("data")) or [])


def _period_end(obj: dict) -> int | None:
    """In the current API the billing period is on the subscription's items."""
    ends = [
        item.get("current_period_end") for item in _items(obj) if item.get("current_period_end")
    ]
    return max(ends) if ends else obj.get("current_period_end")


def _price_of(obj: dict) -> dict:
    for item in _items(obj):
        if item.get("price"):
            return item["price"]
    return {}


def _tie_key(obj: dict | None) -> tuple:
    obj = obj or {}
    return (
        _STATUS_RANK.get(obj.get("status"), -1),
        _period_end(obj) or 0,
        json.dumps(obj, sort_keys=True, default=str),
    )


# --- Trials ------------------------------------------------------------------------------------


@transaction.atomic
def subscription_trial_start(*, user) -> Subscription | None:
    """A user's first subscription is a TRIAL_DAYS trial; a user who has one keeps it."""
    ends = timezone.localdate() + timedelta(days=settings.TRIAL_DAYS)
    subscription, created = Subscription.objects.get_or_create(
        user=user,
        defaults={
            "plan": TRIAL_PLAN,
            "status": SubscriptionStatus.TRIAL,
            "nextbillingdate": ends,
        },
    )
    return subscription if created else None


def _record_change(subscription: Subscription, previous_plan: str, previous_status: str) -> None:
    if (subscription.plan, subscription.status) == (previous_plan, previous_status):
        return
    event_record(
        event_type="subscription.changed",
        source="billing",
        user=subscription.user,
        data={
            "plan": subscription.plan,
            "status": subscription.status,
            "previous_plan": previous_plan,
            "previous_status": previous_status,
            "link": billing_link(subscription.user_id),
        },
    )


def _trial_warn(subscription: Subscription, *, today: date) -> bool:
    """Record trial.ending once per trial end date; True when recorded now."""
    from events.models import Event

    ends_on = subscription.nextbillingdate
    if ends_on is None or subscription.status != SubscriptionStatus.TRIAL:
        return False
    already = Event.objects.filter(
        event_type="trial.ending",
        user_id=subscription.user_id,
        event_data__ends_on=ends_on.isoformat(),
    ).exists()
    if already:
        return False
    event_record(
        event_type="trial.ending",
        source="billing",
        user=subscription.user,
        data={
            "days_left": max((ends_on - today).days, 0),
            "ends_on": ends_on.isoformat(),
            "link": billing_link(subscription.user_id),
        },
    )
    return True


def trials_expire_unscoped(*, today: date | None = None) -> dict[str, int]:
    """Ended local trials become Free/expired; trials ending within TRIAL_WARNING_DAYS are
    warned once (every user's). Trials run by Stripe (with a Stripe subscription) end through
    its events."""
    with tenancy.unscoped():
        return _trials_expire(today=today or timezone.localdate())


def _trials_expire(*, today: date) -> dict[str, int]:
    ended = Subscription.objects.filter(
        status=SubscriptionStatus.TRIAL,
        stripe_subscription_id__isnull=True,
        nextbillingdate__lt=today,
    ).values_list("pk", flat=True)
    expired = sum(_trial_expire_one(pk, today=today) for pk in list(ended))
    ending = Subscription.objects.filter(
        status=SubscriptionStatus.TRIAL,
        nextbillingdate__gte=today,
        nextbillingdate__lte=today + timedelta(days=settings.TRIAL_WARNING_DAYS),
    ).values_list("pk", flat=True)
    warned = 0
    for pk in list(ending):
        with transaction.atomic():
            subscription = Subscription.objects.select_for_update().get(pk=pk)
            warned += _trial_warn(subscription, today=today)
    return {"expired": expired, "warned": warned}


@transaction.atomic
def _trial_expire_one(pk, *, today: date) -> int:
    subscription = Subscription.objects.select_for_update().filter(pk=pk).first()
    if (
        subscription is None
        or subscription.status != SubscriptionStatus.TRIAL
        or subscription.stripe_subscription_id
        or subscription.nextbillingdate is None
        or subscription.nextbillingdate >= today
    ):
        return 0  # changed since it was listed (a second run, a purchase)
    previous = (subscription.plan, subscription.status)
    subscription.plan, subscription.status = FREE_PLAN, SubscriptionStatus.EXPIRED
    subscription.nextbillingdate = None
    subscription.save(update_fields=["plan", "status", "nextbillingdate"])
    _record_change(subscription, *previous)
    return 1


# --- Checkout and the customer portal ----------------------------------------------------------


def _require_configured() -> None:
    if not gateway.configured():
        raise BillingError(NOT_CONFIGURED_MESSAGE)


def checkout_start(*, org, plan_name: str, cycle: str, success_url: str, cancel_url: str) -> str:
    """The Stripe Checkout URL for the org owner to buy `plan_name` billed `cycle`."""
    _require_configured()
    plans = catalogue()
    plan = plans.get(plan_name)
    names = ", ".join(p.name for p in plans.paid)
    if plan is None or not plan.is_paid:
        raise BillingError(f"There is no plan called “{plan_name}” to buy. Choose {names}.")
    if cycle not in plan.cycles:
        offered = " or ".join(plan.cycles) or "any cycle"
        raise BillingError(f"{plan.name} cannot be bought {cycle or 'without a cycle'}: {offered}.")
    owner = org.owner
    subscription, _ = Subscription.objects.get_or_create(user=owner)
    if (subscription.stripe_data or {}).get("status") in LIVE_STRIPE_STATUSES:
        raise BillingError(
            "This organisation already has a paid subscription. Use “Manage billing” to change "
            "its plan or billing cycle."
        )
    try:
        customer_id = _customer_ensure(subscription, owner)
        session = gateway.checkout_session_create(
            customer_id=customer_id,
            price_id=plan.prices[cycle],
            user_id=str(owner.pk),
            success_url=success_url,
            cancel_url=cancel_url,
        )
    except stripe.StripeError as exc:
        logger.warning("Stripe refused a checkout session for %s: %s", owner.pk, exc)
        raise BillingError("Stripe could not start the checkout. Please try again.") from exc
    return session["url"]


def _customer_ensure(subscription: Subscription, owner) -> str:
    if subscription.stripe_customer_id:
        return subscription.stripe_customer_id
    customer = gateway.customer_create(
        email=owner.email, name=owner.get_full_name() or owner.email, user_id=str(owner.pk)
    )
    with transaction.atomic():
        locked = Subscription.objects.select_for_update().get(pk=subscription.pk)
        if not locked.stripe_customer_id:
            locked.stripe_customer_id = customer["id"]
            locked.save(update_fields=["stripe_customer_id"])
    subscription.stripe_customer_id = locked.stripe_customer_id
    return locked.stripe_customer_id


def portal_start(*, org, return_url: str) -> str:
    """The Stripe customer portal URL for the org owner's billing account."""
    _require_configured()
    customer_id = (
        Subscription.objects.filter(user_id=org.owner_id)
        .values_list("stripe_customer_id", flat=True)
        .first()
    )
    if not customer_id:
        raise BillingError("There is no billing account yet: choose a plan first.")
    try:
        session = gateway.portal_session_create(customer_id=customer_id, return_url=return_url)
    except stripe.StripeError as exc:
        logger.warning("Stripe refused a portal session for %s: %s", customer_id, exc)
        raise BillingError("Stripe could not open the billing portal. Please try again.") from exc
    return session["url"]


def _subscription_row(obj: dict) -> Subscription:
    """The locked row a Stripe subscription belongs to: by its id, its customer, or the
    `user_id` our checkout put in its metadata."""
    rows = Subscription.objects.select_for_update(of=("self",)).select_related("user")
    customer_id = _id_of(obj.get("customer"))
    row = rows.filter(stripe_subscription_id=obj.get("id")).first()
    if row is None and customer_id:
        row = rows.filter(stripe_customer_id=customer_id).order_by("createdat").first()
    if row is None:
        row = _row_from_metadata(obj.get("metadata") or {})
    if row is None:
        raise UnresolvableEvent(
            f"No subscription of ours for Stripe customer {customer_id} "
            f"(subscription {obj.get('id')})."
        )
    return row


def _row_from_metadata(metadata: dict) -> Subscription | None:
    from accounts.models import User

    try:
        user_id = uuid.UUID(str(metadata.get("user_id", "")))
    except ValueError:
        return None
    if not User.objects.filter(pk=user_id).exists():
        return None
    Subscription.objects.get_or_create(user_id=user_id)
    return (
        Subscription.objects.select_for_update(of=("self",))
        .select_related("user")
        .get(user_id=user_id)
    )


def _is_stale(row: Subscription, obj: dict, as_of: datetime) -> bool:
    current = row.stripe_data or {}
    if (
        row.stripe_subscription_id
        and obj.get("id") != row.stripe_subscription_id
        and obj.get("status") not in LIVE_STRIPE_STATUSES
        and current.get("status") in LIVE_STRIPE_STATUSES
    ):
        return True  # an old subscription's end never replaces the live one
    if row.stripe_synced_at is None:
        return False
    if as_of != row.stripe_synced_at:
        return as_of < row.stripe_synced_at
    return _tie_key(obj) <= _tie_key(current)


def desired_state(obj: dict, row: Subscription) -> dict[str, Any]:
    """The row's plan, status, next billing date and cycle for a Stripe subscription object.

    A price that is none of the STRIPE_PRICE_* settings never blocks the status: an ended
    subscription ends whatever its price, and a live one mirrors its status and keeps the paid
    plan the row had (Free if it had none: an unknown price never grants a plan). The caller
    flags such a row for staff (`stripe_unknown_price`)."""
    status = STRIPE_STATUS_MAP.get(obj.get("status"))
    state = {name: getattr(row, name) for name in _MIRRORED_FIELDS}
    if status is None:
        return state
    price = _price_of(obj)
    found = catalogue().by_price(price.get("id"))
    interval = (price.get("recurring") or {}).get("interval")
    state["billing_cycle"] = found[1] if found else _INTERVAL_CYCLE.get(interval)
    state["status"] = status
    if status == SubscriptionStatus.TRIAL:
        state["plan"] = TRIAL_PLAN
        state["nextbillingdate"] = _day(obj.get("trial_end")) or _day(_period_end(obj))
        return state
    live = status == SubscriptionStatus.ACTIVE
    if found is None:
        kept = catalogue().get(row.plan)
        state["plan"] = kept.name if kept is not None and kept.is_paid else FREE_PLAN
    else:
        state["plan"] = found[0].name
    state["nextbillingdate"] = _day(_period_end(obj)) if live else None
    return state


def subscription_apply(*, obj: dict, as_of: datetime) -> str:
    """Mirror a Stripe subscription object as of `as_of` onto its row: "applied" or "stale"."""
    row = _subscription_row(obj)
    if _is_stale(row, obj, as_of):
        return "stale"
    state = desired_state(obj, row)
    previous = (row.plan, row.status)
    for name, value in state.items():
        setattr(row, name, value)
    row.stripe_unknown_price = _unknown_price(obj)
    row.stripe_subscription_id = obj.get("id")
    row.stripe_customer_id = _id_of(obj.get("customer")) or row.stripe_customer_id
    row.stripe_data = obj
    row.stripe_synced_at = as_of
    row.save(
        update_fields=[
            *_MIRRORED_FIELDS,
            "stripe_subscription_id",
            "stripe_customer_id",
            "stripe_data",
            "stripe_synced_at",
            "stripe_unknown_price",
        ]
    )
    _record_change(row, *previous)
    if row.stripe_unknown_price:
        logger.warning(
            "Stripe subscription %s is on price %r, none of the STRIPE_PRICE_* settings: its "
            "status is mirrored and its plan kept (%s); flagged for staff",
            obj.get("id"),
            row.stripe_unknown_price,
            row.plan,
        )
        return "applied, price not configured"
    return "applied"


def _unknown_price(obj: dict) -> str:
    """The price id to flag: a live (or trialing) subscription on a price we do not know."""
    if obj.get("status") not in LIVE_STRIPE_STATUSES:
        return ""
    price_id = _price_of(obj).get("id") or ""
    return "" if catalogue().by_price(price_id) else (price_id or "(no price)")
