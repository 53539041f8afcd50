"""The billing page, checkout and portal, and entitlements as users meet them: a locked feature
is an upgrade page (402) in the portal and a 402 JSON error in the API, never a 500."""

import pytest
from django.urls import reverse

from billing.tests.factories import subscription_set
from orgs import services as org_services

pytestmark = pytest.mark.django_db


def test_the_page_shows_plan_status_next_date_and_what_it_includes(client, alice, bob, acme):
    subscription_set(user=alice, plan="Growth", cycle="annual", days=200)
    client.force_login(alice)
    page = client.get(reverse("billing:index", args=[acme.slug])).content.decode()
    assert "Growth" in page and "Annual" in page and "Every assessment type" in page
    assert 'data-testid="billing-not-configured"' in page  # no keys in this test
    client.force_login(bob)
    page = client.get(reverse("billing:index", args=[acme.slug])).content.decode()
    assert "Growth" in page and "Manage billing" not in page


def test_without_keys_checkout_and_portal_answer_with_a_message(client, alice, acme):
    client.force_login(alice)
    url = reverse("billing:checkout", args=[acme.slug])
    response = client.post(url, {"plan": "Growth", "cycle": "monthly"}, follow=True)
    assert response.status_code == 200
    assert "Billing is not configured" in response.content.decode()
    response = client.post(reverse("billing:portal", args=[acme.slug]), follow=True)
    assert "Billing is not configured" in response.content.decode()


def test_checkout_opens_stripe_checkout(client, alice, acme, fake_stripe):
    client.force_login(alice)
    response = client.post(
        reverse("billing:checkout", args=[acme.slug]), {"plan": "Growth", "cycle": "annual"}
    )
    assert response.status_code == 302 and response.url.startswith("https://checkout.stripe.com/")
    assert "POST /v1/checkout/sessions" in " ".join(fake_stripe.paths())


def test_a_checkout_for_a_plan_that_does_not_exist_answers_with_a_message(
    client, alice, acme, fake_stripe
):
    client.force_login(alice)
    response = client.post(
        reverse("billing:checkout", args=[acme.slug]),
        {"plan": "Platinum", "cycle": "monthly"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Platinum" in response.content.decode()
    assert not any("checkout" in p for p in fake_stripe.paths())


def test_only_the_owner_buys(client, bob, acme, fake_stripe):
    client.force_login(bob)
    url = reverse("billing:checkout", args=[acme.slug])
    assert client.post(url, {"plan": "Growth", "cycle": "monthly"}).status_code == 403


def test_the_portal_opens_for_an_owner_with_a_stripe_customer(client, alice, acme, fake_stripe):
    subscription_set(user=alice, plan="Growth", stripe_customer_id="cus_alice")
    client.force_login(alice)
    response = client.post(reverse("billing:portal", args=[acme.slug]))
    assert response.status_code == 302 and "billing.stripe.com" in response.url


def test_free_plans_get_an_upgrade_page_for_other_assessments(client, alice, acme):
    from assessments.banks import load_banks
    from assessments.models import AssessmentTemplate

    load_banks(AssessmentTemplate)  # a transactional test before this one may have flushed them
    subscription_set(user=alice, plan="Free")
    client.force_login(alice)
    locked = client.post(reverse("assessments:start", args=[acme.slug, "leadership"]))
    assert locked.status_code == 402
    body = locked.content.decode()
    assert "part of the paid plans" in body and reverse("billing:index", args=[acme.slug]) in body
    index = client.get(reverse("assessments:index", args=[acme.slug])).content.decode()
    assert "Paid plans" in index
    # The free assessment type stays open.
    free = client.post(reverse("assessments:start", args=[acme.slug, "strategic_maturity"]))
    assert free.status_code == 302


def test_api_keys_need_a_plan_with_the_api(client, alice, acme):
    _key, secret = org_services.api_key_create(org=acme, name="BI", scope="read", created_by=alice)
    url = reverse("api:member-list", args=[acme.slug])
    subscription_set(user=alice, plan="Free")
    locked = client.get(url, HTTP_AUTHORIZATION=f"Api-Key {secret}")
    assert locked.status_code == 402
    body = locked.json()
    assert body["feature"] == "api" and body["upgrade_url"] == f"/billing/{acme.slug}/"
    subscription_set(user=alice, plan="Growth")
    assert client.get(url, HTTP_AUTHORIZATION=f"Api-Key {secret}").status_code == 200
    # Session use of the API by the portal's own users is not limited by the plan.
    subscription_set(user=alice, plan="Free")
    client.force_login(alice)
    assert client.get(url).status_code == 200


def test_the_billing_page_runs_a_constant_number_of_queries(
    client, alice, acme, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.tests.factories import UserFactory
    from orgs.tests.factories import MembershipFactory

    subscription_set(user=alice, plan="Growth")
    client.force_login(alice)
    url = reverse("billing:index", args=[acme.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _ in range(20):
        MembershipFactory(org=acme, user=UserFactory())
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) <= len(small)
