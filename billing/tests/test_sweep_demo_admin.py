"""The outbox sweep for Stripe events, the demo subscriptions and the admin's event filter."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from billing import tasks
from billing.entitlements import plan_of_org
from billing.models import StripeEvent, Subscription
from billing.tests import stripe_objects as so
from billing.tests.factories import StripeEventFactory, subscription_set
from orgs.models import Organization
from orgs.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_the_sweep_processes_events_whose_task_never_ran(stripe_keys, alice, acme):
    subscription_set(user=alice, plan="Free", stripe_customer_id="cus_swept")
    payload = so.event("customer.subscription.created", so.subscription(customer="cus_swept"))
    StripeEvent.objects.create(
        id=payload["id"],
        type=payload["type"],
        created=timezone.now() - timedelta(minutes=10),
        payload=payload,
    )
    StripeEvent.objects.filter(pk=payload["id"]).update(
        received_at=timezone.now() - timedelta(minutes=10)
    )

    assert tasks.process_pending_stripe_events() == 1
    assert tasks.process_pending_stripe_events() == 0  # safe to run twice

    assert Subscription.objects.get(user=alice).plan == "Growth"
    assert StripeEvent.objects.get(pk=payload["id"]).processed_at is not None


def test_the_sweep_leaves_fresh_events_to_their_own_task(stripe_keys):
    StripeEventFactory()  # received just now: its task is probably running

    assert tasks.process_pending_stripe_events() == 0


def test_processing_an_event_twice_changes_nothing_the_second_time(stripe_keys, alice, acme):
    subscription_set(user=alice, plan="Free", stripe_customer_id="cus_twice")
    payload = so.event("customer.subscription.created", so.subscription(customer="cus_twice"))
    StripeEvent.objects.create(
        id=payload["id"], type=payload["type"], created=timezone.now(), payload=payload
    )

    assert tasks.process_stripe_event(payload["id"]) == "applied"
    assert tasks.process_stripe_event(payload["id"]) == "skipped"


def test_the_demo_has_a_paid_a_trial_and_a_free_owner():
    call_command("seed_demo")
    call_command("seed_demo")

    def plan(slug):
        return plan_of_org(Organization.objects.get(slug=slug))

    acme = Subscription.objects.get(user__email="olivia@acme.example")
    nora = Subscription.objects.get(user__email="nora@northwind.example")
    assert (acme.plan, acme.status, acme.billing_cycle) == ("Growth", "active", "annual")
    assert (nora.plan, nora.status) == ("Trial", "trial")
    assert nora.nextbillingdate == timezone.localdate() + timedelta(days=2)
    assert (plan("acme").name, plan("northwind").name, plan("freelance").name) == (
        "Growth",
        "Trial",
        "Free",
    )


def test_the_admin_lists_events_by_outcome(client, staff):
    StripeEventFactory(id="evt_pending")
    StripeEventFactory(id="evt_failed", processed_at=timezone.now(), error="No subscription")
    StripeEventFactory(id="evt_ok", processed_at=timezone.now())
    client.force_login(staff)

    def listed(outcome):
        body = client.get("/admin/billing/stripeevent/", {"outcome": outcome}).content.decode()
        return {eid for eid in ("evt_pending", "evt_failed", "evt_ok") if eid in body}

    assert listed("pending") == {"evt_pending"}
    assert listed("error") == {"evt_failed"}
    assert listed("ok") == {"evt_ok"}


def test_a_staff_member_may_not_edit_stripes_fields(client, staff):
    org = OrganizationFactory(plan="Growth")
    row = Subscription.objects.get(user=org.owner)
    client.force_login(staff)

    body = client.get(f"/admin/billing/subscription/{row.pk}/change/").content.decode()

    assert 'name="plan"' in body and 'name="stripe_data"' not in body
