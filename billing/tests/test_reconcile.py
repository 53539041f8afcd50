"""Daily reconciliation: Stripe's subscriptions against our rows, drift fixed and reported."""

from __future__ import annotations

import logging
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from billing import tasks
from billing.models import Subscription
from billing.tests import stripe_objects as so
from orgs.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_it_fixes_drift_and_reports_what_it_fixed(fake_stripe, caplog):
    drifted = OrganizationFactory(plan="Growth", plan__cycle="monthly").owner
    sub = fake_stripe.add_subscription(
        so.subscription(customer="cus_drift", status="canceled", price_id=so.PRICE_GROWTH_MONTHLY)
    )
    Subscription.objects.filter(user=drifted).update(
        stripe_customer_id="cus_drift",
        stripe_subscription_id=sub["id"],
        stripe_synced_at=timezone.now() - timedelta(days=2),
    )
    in_sync = OrganizationFactory(plan="Free").owner
    synced = fake_stripe.add_subscription(
        so.subscription(customer="cus_sync", price_id=so.PRICE_SCALE_ANNUAL, interval="year")
    )
    Subscription.objects.filter(user=in_sync).update(stripe_customer_id="cus_sync")
    tasks.reconcile_subscriptions()  # first run brings the second owner in sync

    with caplog.at_level(logging.INFO, logger="billing.tasks"):
        second = tasks.reconcile_subscriptions()

    assert Subscription.objects.get(user=drifted).status == "cancelled"
    row = Subscription.objects.get(user=in_sync)
    assert (row.plan, row.billing_cycle, row.stripe_subscription_id) == (
        "Scale",
        "annual",
        synced["id"],
    )
    assert second["fixed"] == []  # safe to run twice: nothing left to fix
    assert "no drift" in caplog.text


def test_the_report_names_each_fix(fake_stripe):
    owner = OrganizationFactory(plan="Free").owner
    Subscription.objects.filter(user=owner).update(stripe_customer_id="cus_report")
    fake_stripe.add_subscription(so.subscription(customer="cus_report"))

    report = tasks.reconcile_subscriptions()

    assert report["checked"] == 1
    [fix] = report["fixed"]
    assert fix["user_id"] == str(owner.pk)
    assert fix["before"]["plan"] == "Free" and fix["after"]["plan"] == "Growth"


def test_unknown_customers_and_missing_subscriptions_are_reported_not_crashed_on(fake_stripe):
    fake_stripe.add_subscription(so.subscription(customer="cus_stranger"))
    owner = OrganizationFactory(plan="Growth").owner
    Subscription.objects.filter(user=owner).update(stripe_subscription_id="sub_gone")

    report = tasks.reconcile_subscriptions()

    assert any("cus_stranger" in line for line in report["unresolved"])
    assert report["missing"] == ["sub_gone"]
    assert Subscription.objects.get(user=owner).plan == "Growth"


def test_a_customer_with_an_old_and_a_live_subscription_is_mirrored_from_the_live_one(
    fake_stripe,
):
    owner = OrganizationFactory(plan="Free").owner
    Subscription.objects.filter(user=owner).update(stripe_customer_id="cus_two")
    now = int(time.time())
    fake_stripe.add_subscription(
        so.subscription(sub_id="sub_a_old", customer="cus_two", status="canceled", created=now)
    )
    live = fake_stripe.add_subscription(
        so.subscription(sub_id="sub_b_live", customer="cus_two", created=now - 100)
    )

    tasks.reconcile_subscriptions()

    row = Subscription.objects.get(user=owner)
    assert (row.status, row.stripe_subscription_id) == ("active", live["id"])


def test_it_pages_through_every_subscription(fake_stripe):
    for n in range(105):
        fake_stripe.add_subscription(so.subscription(sub_id=f"sub_{n:04d}", customer=f"cus_{n}"))

    report = tasks.reconcile_subscriptions()

    assert report["checked"] == 105
    assert sum(1 for method, path, _ in fake_stripe.calls if path == "/v1/subscriptions") == 2


def test_without_keys_it_does_nothing(settings):
    settings.STRIPE_SECRET_KEY = ""
    owner = OrganizationFactory(plan="Growth").owner

    report = tasks.reconcile_subscriptions()

    assert report["configured"] is False
    assert Subscription.objects.get(user=owner).plan == "Growth"


def test_a_stripe_outage_is_retried_by_the_task(fake_stripe):
    fake_stripe.fail_with = (500, {"error": {"type": "api_error", "message": "down"}})

    assert tasks.reconcile_subscriptions.max_retries == 5
    with pytest.raises(Exception):  # noqa: B017 - eager mode re-raises after the retries
        tasks.reconcile_subscriptions.apply(throw=True)
