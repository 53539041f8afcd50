"""The Stripe webhook: signature on the raw body, each event once, applied by a task."""

from __future__ import annotations

import json
import logging
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse

from billing.models import StripeEvent, Subscription
from billing.tests import stripe_objects as so
from billing.tests.factories import subscription_set
from events.models import Event
from orgs.tests.factories import OrganizationFactory

URL = "/billing/stripe/webhook/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(stripe_keys, alice, acme):
    subscription_set(user=alice, plan="Free", stripe_customer_id="cus_alice")
    return alice


def deliver(client, capture, event_obj, *, body=None, header=None, **kwargs):
    signed_body, signed_header = so.signed(event_obj, **kwargs)
    with capture(execute=True):
        return client.post(
            URL,
            body if body is not None else signed_body,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=header if header is not None else signed_header,
        )


def snapshot(user) -> tuple:
    row = Subscription.objects.get(user=user)
    return (row.plan, row.status, row.nextbillingdate, row.billing_cycle, row.stripe_synced_at)


def test_the_route_is_the_documented_one():
    assert reverse("billing:stripe_webhook") == URL


def test_a_signed_subscription_event_updates_the_owners_subscription(
    client, owner, django_capture_on_commit_callbacks
):
    period_end = int(time.time()) + 30 * so.DAY
    sub = so.subscription(customer="cus_alice", period_end=period_end)

    response = deliver(
        client, django_capture_on_commit_callbacks, so.event("customer.subscription.created", sub)
    )

    assert response.status_code == 200 and response.json()["received"] is True
    row = Subscription.objects.get(user=owner)
    assert (row.plan, row.status, row.billing_cycle) == ("Growth", "active", "monthly")
    assert row.nextbillingdate.isoformat() == so_date(period_end)
    assert row.stripe_subscription_id == sub["id"] and row.stripe_customer_id == "cus_alice"
    assert row.stripe_data["items"]["data"][0]["current_period_end"] == period_end
    event = StripeEvent.objects.get()
    assert event.processed_at is not None and event.error == ""
    changed = Event.objects.get(event_type="subscription.changed", user=owner)
    assert changed.event_data == {
        "plan": "Growth",
        "status": "active",
        "previous_plan": "Free",
        "previous_status": "active",
        "link": "/billing/acme/",
    }


@pytest.mark.parametrize(
    ("case", "body", "header"),
    [
        ("forged", None, "t={now},v1=" + "0" * 64),
        ("wrong secret", None, "wrong-secret"),
        ("stale", None, "stale"),
        ("tampered", "tampered", None),
        ("unsigned", None, ""),
        ("not a signature", None, "garbage"),
    ],
)
def test_a_webhook_that_is_not_genuine_answers_400_and_changes_nothing(
    client, owner, django_capture_on_commit_callbacks, case, body, header
):
    event_obj = so.event("customer.subscription.created", so.subscription(customer="cus_alice"))
    good_body, _ = so.signed(event_obj)
    if header == "wrong-secret":
        _, header = so.signed(event_obj, secret="whsec_someone_else")
    elif header == "stale":
        _, header = so.signed(event_obj, timestamp=int(time.time()) - 301)
    elif header and "{now}" in header:
        header = header.format(now=int(time.time()))
    if body == "tampered":
        tampered = json.loads(good_body)
        tampered["data"]["object"]["items"]["data"][0]["price"]["id"] = so.PRICE_SCALE_ANNUAL
        body = json.dumps(tampered)
        _, header = so.signed(event_obj)  # the signature of the original body
    before = snapshot(owner)

    response = deliver(
        client, django_capture_on_commit_callbacks, event_obj, body=body, header=header
    )

    assert response.status_code == 400, case
    assert "error" in response.json()
    assert StripeEvent.objects.count() == 0
    assert snapshot(owner) == before


def test_without_a_webhook_secret_every_webhook_is_refused(
    client, owner, settings, django_capture_on_commit_callbacks
):
    settings.STRIPE_WEBHOOK_SECRET = ""
    event_obj = so.event("customer.subscription.created", so.subscription(customer="cus_alice"))

    response = deliver(client, django_capture_on_commit_callbacks, event_obj)

    assert response.status_code == 400 and StripeEvent.objects.count() == 0


def test_get_is_not_allowed(client):
    assert client.get(URL).status_code == 405


def test_a_duplicate_delivery_answers_200_and_does_nothing_more(
    client, owner, django_capture_on_commit_callbacks
):
    event_obj = so.event("customer.subscription.created", so.subscription(customer="cus_alice"))
    first = deliver(client, django_capture_on_commit_callbacks, event_obj)
    changes = Event.objects.filter(event_type="subscription.changed").count()
    before = snapshot(owner)

    with mock.patch("billing.tasks.process_stripe_event.delay") as delay:
        second = deliver(client, django_capture_on_commit_callbacks, event_obj)

    assert first.json()["duplicate"] is False
    assert second.status_code == 200 and second.json()["duplicate"] is True
    delay.assert_not_called()
    assert StripeEvent.objects.count() == 1
    assert Event.objects.filter(event_type="subscription.changed").count() == changes
    assert snapshot(owner) == before


def test_an_event_for_an_unknown_customer_is_recorded_and_reported_not_crashed_on(
    client, owner, django_capture_on_commit_callbacks, caplog
):
    event_obj = so.event("customer.subscription.updated", so.subscription(customer="cus_nobody"))
    before = snapshot(owner)

    with caplog.at_level(logging.WARNING, logger="billing.services"):
        response = deliver(client, django_capture_on_commit_callbacks, event_obj)

    assert response.status_code == 200
    event = StripeEvent.objects.get(pk=event_obj["id"])
    assert event.processed_at is not None
    assert "cus_nobody" in event.error
    assert "cus_nobody" in caplog.text
    assert snapshot(owner) == before


def test_an_active_subscription_on_an_unknown_price_mirrors_its_status_and_is_flagged(
    client, owner, django_capture_on_commit_callbacks, caplog
):
    subscription_set(user=owner, plan="Growth", stripe_customer_id="cus_alice")
    period_end = int(time.time()) + 30 * so.DAY
    sub = so.subscription(
        customer="cus_alice", price_id="price_not_in_settings", period_end=period_end
    )

    with caplog.at_level(logging.WARNING, logger="billing.services"):
        deliver(
            client,
            django_capture_on_commit_callbacks,
            so.event("customer.subscription.updated", sub),
        )

    row = Subscription.objects.get(user=owner)
    assert (row.plan, row.status) == ("Growth", "active")  # the plan it had
    assert row.nextbillingdate.isoformat() == so_date(period_end)
    assert row.stripe_subscription_id == sub["id"]
    assert row.stripe_unknown_price == "price_not_in_settings"
    assert "price_not_in_settings" in caplog.text
    assert StripeEvent.objects.get().processed_at is not None


def test_an_unknown_price_never_grants_a_paid_plan(
    client, owner, django_capture_on_commit_callbacks
):
    sub = so.subscription(customer="cus_alice", price_id="price_not_in_settings")

    deliver(
        client, django_capture_on_commit_callbacks, so.event("customer.subscription.created", sub)
    )

    row = Subscription.objects.get(user=owner)
    assert (row.plan, row.status) == ("Free", "active")
    assert row.stripe_unknown_price == "price_not_in_settings"


@pytest.mark.parametrize(
    ("stripe_status", "status"),
    [("canceled", "cancelled"), ("unpaid", "expired"), ("incomplete_expired", "expired")],
)
def test_a_cancellation_or_expiry_is_applied_whatever_its_price(
    client, owner, django_capture_on_commit_callbacks, stripe_status, status
):
    subscription_set(user=owner, plan="Growth", stripe_customer_id="cus_alice")
    sub = so.subscription(
        customer="cus_alice", status=stripe_status, price_id="price_retired_long_ago"
    )

    deliver(
        client, django_capture_on_commit_callbacks, so.event("customer.subscription.deleted", sub)
    )

    row = Subscription.objects.get(user=owner)
    assert row.status == status and row.nextbillingdate is None
    assert row.stripe_unknown_price == ""  # ended: nothing left for staff to fix
    assert StripeEvent.objects.get().error == ""
    from billing.entitlements import plan_of_subscription

    assert plan_of_subscription(row).name == "Free"


def test_a_known_price_clears_the_flag(client, owner, django_capture_on_commit_callbacks):
    Subscription.objects.filter(user=owner).update(stripe_unknown_price="price_old")
    sub = so.subscription(customer="cus_alice")

    deliver(
        client, django_capture_on_commit_callbacks, so.event("customer.subscription.updated", sub)
    )

    row = Subscription.objects.get(user=owner)
    assert (row.plan, row.stripe_unknown_price) == ("Growth", "")


def _signed_raw(body: str, *, timestamp: int | None = None) -> str:
    import stripe

    return stripe.WebhookSignature.generate_signature_header(
        body, so.WEBHOOK_SECRET, timestamp=timestamp
    )


def _malformed(case: str) -> str:
    good = so.event("customer.subscription.created", so.subscription(customer="cus_alice"))
    if case == "a list":
        return json.dumps([good])
    if case == "a string":
        return json.dumps("evt_1")
    if case == "no data":
        return json.dumps({k: v for k, v in good.items() if k != "data"})
    if case == "data without an object":
        return json.dumps({**good, "data": {"object": None}})
    if case == "data as a list":
        return json.dumps({**good, "data": [1, 2]})
    if case == "a huge created":
        return json.dumps({**good, "created": 10**30})
    if case == "created as text":
        return json.dumps({**good, "created": "yesterday"})
    if case == "created in the future":
        return json.dumps({**good, "created": int(time.time()) + 3 * so.DAY})
    if case == "a null id":
        return json.dumps({**good, "id": None})
    if case == "an empty id":
        return json.dumps({**good, "id": ""})
    if case == "a null type":
        return json.dumps({**good, "type": None})
    raise AssertionError(case)


@pytest.mark.parametrize(
    "case",
    [
        "a list",
        "a string",
        "no data",
        "data without an object",
        "data as a list",
        "a huge created",
        "created as text",
        "created in the future",
        "a null id",
        "an empty id",
        "a null type",
    ],
)
def test_a_signed_but_malformed_body_answers_400_and_records_nothing(client, owner, case):
    body = _malformed(case)

    response = client.post(
        URL, body, content_type="application/json", HTTP_STRIPE_SIGNATURE=_signed_raw(body)
    )

    assert response.status_code == 400, case
    assert "error" in response.json()
    assert StripeEvent.objects.count() == 0


def test_a_signature_dated_in_the_future_is_refused(client, owner):
    body = json.dumps(
        so.event("customer.subscription.created", so.subscription(customer="cus_alice"))
    )
    header = _signed_raw(body, timestamp=int(time.time()) + 3600)

    response = client.post(URL, body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)

    assert response.status_code == 400 and StripeEvent.objects.count() == 0


def test_a_failing_event_stops_being_retried_after_its_attempts(owner):
    from billing import services, tasks
    from billing.tests.factories import StripeEventFactory

    event = StripeEventFactory(
        type="customer.subscription.updated",
        payload={"id": "evt_x", "object": "event", "data": {"object": so.subscription()}},
    )
    with mock.patch("billing.services.subscription_apply", side_effect=RuntimeError("bug")):
        for _ in range(services.MAX_EVENT_ATTEMPTS - 1):
            with pytest.raises(RuntimeError):
                tasks.process_stripe_event(event.pk)
        assert tasks.process_stripe_event(event.pk) == "failed"  # no raise: no more retries

    event.refresh_from_db()
    assert event.attempts == services.MAX_EVENT_ATTEMPTS
    assert event.failed_at is not None and event.processed_at is None and "bug" in event.error
    StripeEvent.objects.filter(pk=event.pk).update(
        received_at=event.received_at - timedelta(hours=1)
    )
    with mock.patch("billing.tasks.process_stripe_event.delay") as delay:
        assert tasks.process_pending_stripe_events() == 0
    delay.assert_not_called()
    assert tasks.process_stripe_event(event.pk) == "skipped"


def test_the_admin_shows_failed_events_apart(client, staff):
    from django.utils import timezone

    from billing.tests.factories import StripeEventFactory

    StripeEventFactory(id="evt_gave_up", attempts=10, failed_at=timezone.now(), error="bug")
    StripeEventFactory(id="evt_retrying", attempts=2, error="bug")
    client.force_login(staff)

    def listed(outcome):
        body = client.get("/admin/billing/stripeevent/", {"outcome": outcome}).content.decode()
        return {eid for eid in ("evt_gave_up", "evt_retrying") if eid in body}

    assert listed("failed") == {"evt_gave_up"}
    assert listed("pending") == {"evt_retrying"}


def test_the_admin_flags_subscriptions_on_an_unknown_price(client, staff):
    flagged = OrganizationFactory(plan="Growth")
    fine = OrganizationFactory(plan="Growth")
    Subscription.objects.filter(user=flagged.owner).update(stripe_unknown_price="price_x")
    client.force_login(staff)

    body = client.get("/admin/billing/subscription/", {"price": "unknown"}).content.decode()

    def link(org):
        return f"/admin/billing/subscription/{Subscription.objects.get(user=org.owner).pk}/change/"

    assert link(flagged) in body and link(fine) not in body


def test_the_webhook_answers_2xx_when_the_broker_is_down(
    client, owner, django_capture_on_commit_callbacks
):
    event_obj = so.event("customer.subscription.created", so.subscription(customer="cus_alice"))
    with mock.patch(
        "billing.tasks.process_stripe_event.delay", side_effect=ConnectionError("redis down")
    ):
        response = deliver(client, django_capture_on_commit_callbacks, event_obj)

    assert response.status_code == 200
    event = StripeEvent.objects.get()
    assert event.processed_at is None  # left for the sweep
    assert Subscription.objects.get(user=owner).plan == "Free"


def test_a_failing_handler_still_answers_2xx_and_keeps_the_error_for_the_retry(
    client, owner, django_capture_on_commit_callbacks
):
    event_obj = so.event("customer.subscription.created", so.subscription(customer="cus_alice"))
    with mock.patch("billing.services.subscription_apply", side_effect=RuntimeError("db hiccup")):
        response = deliver(client, django_capture_on_commit_callbacks, event_obj)

    assert response.status_code == 200
    event = StripeEvent.objects.get()
    assert event.processed_at is None and "db hiccup" in event.error


@pytest.mark.parametrize(
    ("stripe_status", "plan", "status"),
    [
        ("active", "Growth", "active"),
        ("past_due", "Growth", "active"),
        ("trialing", "Trial", "trial"),
        ("canceled", "Growth", "cancelled"),
        ("unpaid", "Growth", "expired"),
        ("incomplete_expired", "Growth", "expired"),
        ("paused", "Growth", "expired"),
        ("incomplete", "Free", "active"),  # kept until it is paid or expires
    ],
)
def test_stripe_statuses_map_onto_the_seeds_four(
    client, owner, django_capture_on_commit_callbacks, stripe_status, plan, status
):
    trial_end = int(time.time()) + 5 * so.DAY if stripe_status == "trialing" else None
    sub = so.subscription(customer="cus_alice", status=stripe_status, trial_end=trial_end)

    deliver(
        client, django_capture_on_commit_callbacks, so.event("customer.subscription.updated", sub)
    )

    row = Subscription.objects.get(user=owner)
    assert (row.plan, row.status) == (plan, status)
    if stripe_status == "trialing":
        assert row.nextbillingdate.isoformat() == so_date(trial_end)
    if status in ("cancelled", "expired"):
        assert row.nextbillingdate is None


def test_an_annual_price_sets_the_annual_cycle_and_the_period_end_from_the_items(
    client, owner, django_capture_on_commit_callbacks
):
    end = int(time.time()) + 365 * so.DAY
    sub = so.subscription(
        customer="cus_alice", price_id=so.PRICE_SCALE_ANNUAL, interval="year", period_end=end
    )

    deliver(
        client, django_capture_on_commit_callbacks, so.event("customer.subscription.created", sub)
    )

    row = Subscription.objects.get(user=owner)
    assert (row.plan, row.billing_cycle) == ("Scale", "annual")
    assert row.nextbillingdate.isoformat() == so_date(end)


def so_date(timestamp: int) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(timestamp, tz=UTC).date().isoformat()


def test_a_failed_payment_records_a_payment_failed_event(
    client, owner, django_capture_on_commit_callbacks
):
    invoice = so.invoice(customer_id="cus_alice", subscription_id="sub_x", amount_due=4900)

    response = deliver(
        client, django_capture_on_commit_callbacks, so.event("invoice.payment_failed", invoice)
    )

    assert response.status_code == 200
    failed = Event.objects.get(event_type="payment.failed")
    assert failed.user == owner
    assert failed.event_data == {
        "invoice_id": invoice["id"],
        "amount_due": 4900,
        "currency": "eur",
        "link": "/billing/acme/",
    }


def test_checkout_completion_links_the_customer_and_mirrors_the_new_subscription(
    client, alice, acme, fake_stripe, django_capture_on_commit_callbacks
):
    sub = fake_stripe.add_subscription(
        so.subscription(customer="cus_new", price_id=so.PRICE_GROWTH_ANNUAL, interval="year")
    )
    session = so.checkout_session(
        customer_id="cus_new", subscription_id=sub["id"], user_id=str(alice.pk)
    )

    deliver(
        client, django_capture_on_commit_callbacks, so.event("checkout.session.completed", session)
    )

    row = Subscription.objects.get(user=alice)
    assert (row.plan, row.status, row.billing_cycle) == ("Growth", "active", "annual")
    assert (row.stripe_customer_id, row.stripe_subscription_id) == ("cus_new", sub["id"])
    assert f"GET /v1/subscriptions/{sub['id']}" in fake_stripe.paths()


def test_trial_will_end_warns_the_owner_once(client, owner, django_capture_on_commit_callbacks):
    trial_end = int(time.time()) + 3 * so.DAY
    sub = so.subscription(customer="cus_alice", status="trialing", trial_end=trial_end)
    deliver(
        client, django_capture_on_commit_callbacks, so.event("customer.subscription.created", sub)
    )

    for _ in range(2):
        deliver(
            client,
            django_capture_on_commit_callbacks,
            so.event("customer.subscription.trial_will_end", sub),
        )

    warnings = Event.objects.filter(event_type="trial.ending", user=owner)
    assert warnings.count() == 1
    assert warnings.get().event_data["ends_on"] == so_date(trial_end)


def test_an_old_subscriptions_end_does_not_cancel_the_live_one(
    client, owner, django_capture_on_commit_callbacks
):
    now = int(time.time())
    live = so.subscription(customer="cus_alice", created=now)
    old = so.subscription(customer="cus_alice", status="canceled", created=now - 90 * so.DAY)
    deliver(
        client,
        django_capture_on_commit_callbacks,
        so.event("customer.subscription.created", live, created=now),
    )

    deliver(
        client,
        django_capture_on_commit_callbacks,
        so.event("customer.subscription.deleted", old, created=now + 5),
    )

    row = Subscription.objects.get(user=owner)
    assert (row.status, row.stripe_subscription_id) == ("active", live["id"])


def test_a_new_owner_found_by_checkout_metadata_gets_a_row(
    client, stripe_keys, django_capture_on_commit_callbacks
):
    org = OrganizationFactory(plan="Free")
    Subscription.objects.filter(user=org.owner).delete()
    sub = so.subscription(customer="cus_meta", metadata={"user_id": str(org.owner.pk)})

    deliver(
        client, django_capture_on_commit_callbacks, so.event("customer.subscription.created", sub)
    )

    assert Subscription.objects.get(user=org.owner).plan == "Growth"
