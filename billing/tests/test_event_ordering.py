"""Property: however Stripe delivers a subscription's events (any order, any duplicates), the
row ends in the state of the newest event."""

from __future__ import annotations

import time
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from billing import services
from billing.models import StripeEvent, Subscription
from billing.tests import stripe_objects as so
from billing.tests.factories import subscription_set
from orgs.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

URL = "/billing/stripe/webhook/"
# `incomplete` only ever starts a subscription's life in Stripe (it then becomes active or
# incomplete_expired), so it appears only as an optional first state, strictly older than the rest.
STATUSES = ["trialing", "active", "past_due", "canceled", "unpaid", "incomplete_expired", "paused"]
PRICES = [
    (so.PRICE_GROWTH_MONTHLY, "month"),
    (so.PRICE_GROWTH_ANNUAL, "year"),
    (so.PRICE_SCALE_MONTHLY, "month"),
    (so.PRICE_SCALE_ANNUAL, "year"),
]
EVENT_TYPES = ["customer.subscription.updated", "customer.subscription.created"]

# One subscription's life: (seconds after the start, Stripe status, price); equal times allowed,
# so ties are settled by the objects' own state.
states = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=40),
        st.sampled_from(STATUSES),
        st.sampled_from(PRICES),
        st.integers(min_value=1, max_value=400),
    ),
    min_size=1,
    max_size=6,
)
starts_incomplete = st.booleans()


def _events(customer: str, sub_id: str, life, incomplete_first: bool = False) -> list[dict]:
    start = int(time.time()) - 3600
    events = []
    if incomplete_first:
        obj = so.subscription(sub_id=sub_id, customer=customer, status="incomplete", created=start)
        events.append(so.event("customer.subscription.created", obj, created=start - 1))
    for offset, status, (price_id, interval), days in life:
        obj = so.subscription(
            sub_id=sub_id,
            customer=customer,
            status=status,
            price_id=price_id,
            interval=interval,
            created=start,
            period_start=start + offset,
            period_end=start + offset + days * so.DAY,
            trial_end=start + days * so.DAY if status == "trialing" else None,
        )
        events.append(so.event(EVENT_TYPES[offset % 2], obj, created=start + offset))
    return events


def _expected(row: Subscription, events: list[dict]) -> tuple:
    """The newest event's state applied to the starting row: by time, then by tie key."""
    newest = max(events, key=lambda e: (e["created"], services._tie_key(e["data"]["object"])))
    state = services.desired_state(newest["data"]["object"], row)
    return (state["plan"], state["status"], state["nextbillingdate"], state["billing_cycle"])


def _row_state(user) -> tuple:
    row = Subscription.objects.get(user=user)
    return (row.plan, row.status, row.nextbillingdate, row.billing_cycle)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(life=states, incomplete_first=starts_incomplete, data=st.data())
def test_any_order_and_duplication_of_deliveries_ends_in_the_newest_state(
    client, stripe_keys, django_capture_on_commit_callbacks, life, incomplete_first, data
):
    tag = uuid.uuid4().hex[:10]
    org = OrganizationFactory(name=f"Org {tag}", slug=f"org-{tag}")
    start_row = subscription_set(user=org.owner, plan="Free", stripe_customer_id=f"cus_{tag}")
    events = _events(f"cus_{tag}", f"sub_{tag}", life, incomplete_first)
    expected = _expected(start_row, events)
    deliveries = data.draw(
        st.lists(st.sampled_from(events), min_size=len(events), max_size=len(events) + 3)
    )
    deliveries = events + deliveries  # every event arrives at least once, plus duplicates
    order = data.draw(st.permutations(deliveries))

    for event_obj in order:
        body, header = so.signed(event_obj)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                URL, body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
            )
        assert response.status_code == 200

    assert _row_state(org.owner) == expected
    ids = {e["id"] for e in events}
    assert StripeEvent.objects.filter(pk__in=ids).count() == len(ids)
    assert not StripeEvent.objects.filter(pk__in=ids, processed_at__isnull=True).exists()


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(life=states, incomplete_first=starts_incomplete, data=st.data())
def test_the_service_alone_is_order_independent(stripe_keys, life, incomplete_first, data):
    """The same property without HTTP, many more orders (one row per example)."""
    from accounts.tests.factories import UserFactory

    tag = uuid.uuid4().hex[:10]
    user = UserFactory(email=f"{tag}@example.com")
    row = subscription_set(user=user, plan="Free", stripe_customer_id=f"cus_{tag}")
    events = _events(f"cus_{tag}", f"sub_{tag}", life, incomplete_first)
    expected = _expected(row, events)

    for event_obj in data.draw(st.permutations(events + events[: data.draw(st.integers(0, 3))])):
        obj = event_obj["data"]["object"]
        services.subscription_apply(obj=obj, as_of=services._ts(event_obj["created"]))

    assert _row_state(user) == expected
