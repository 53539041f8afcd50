"""The billing page, Checkout and the customer portal, and entitlements as users meet them: who
sees which buttons, what is sent to Stripe, the messages for what cannot be done, and a locked
feature as an upgrade page (402), never a 500."""

import pytest
from django.urls import reverse

from billing.models import Subscription
from billing.tests.factories import subscription_set
from orgs.tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def page(client, org):
    return client.get(reverse("billing:index", kwargs={"org_slug": org.slug}))


def test_the_page_shows_plan_status_next_date_and_what_it_includes(client, alice, bob, acme):
    subscription_set(user=alice, plan="Growth", cycle="annual", days=200)
    client.force_login(alice)
    body = client.get(reverse("billing:index", args=[acme.slug])).content.decode()
    assert "Growth" in body and "Annual" in body and "Every assessment type" in body
    row = Subscription.objects.get(user=alice)
    assert row.nextbillingdate.strftime("%-d %b %Y") in body
    assert 'data-testid="billing-not-configured"' in body  # no keys in this test
    assert "/checkout/" not in body
    client.force_login(bob)
    body = client.get(reverse("billing:index", args=[acme.slug])).content.decode()
    assert "Growth" in body and "Manage billing" not in body


def test_without_keys_checkout_and_portal_answer_with_a_message(client, alice, acme):
    client.force_login(alice)
    url = reverse("billing:checkout", args=[acme.slug])
    response = client.post(url, {"plan": "Growth", "cycle": "monthly"}, follow=True)
    assert response.status_code == 200
    assert "Billing is not configured" in response.content.decode()
    response = client.post(reverse("billing:portal", args=[acme.slug]), follow=True)
    assert "Billing is not configured" in response.content.decode()


def test_the_nav_links_to_billing(client, stripe_keys):
    org = OrganizationFactory()
    client.force_login(org.owner)

    body = page(client, org).content.decode()

    assert f'href="/billing/{org.slug}/"' in body


def test_a_trial_shows_when_it_ends_and_offers_the_paid_plans(client, stripe_keys):
    org = OrganizationFactory()
    client.force_login(org.owner)

    body = page(client, org).content.decode()

    assert "Trial ends" in body
    assert body.count(f'action="/billing/{org.slug}/checkout/"') == 4  # 2 plans × 2 cycles


def test_a_member_sees_the_plan_but_no_buttons(client, stripe_keys):
    org = OrganizationFactory(plan="Growth")
    member = MembershipFactory(org=org, role_key="member").user
    client.force_login(member)

    body = page(client, org).content.decode()

    assert "Growth" in body and "Only the owner can change the plan." in body
    assert "/checkout/" not in body


def test_without_keys_the_page_says_billing_is_not_configured_and_the_plan_is_kept(
    client, settings
):
    settings.STRIPE_SECRET_KEY = ""
    org = OrganizationFactory(plan="Scale")
    client.force_login(org.owner)

    body = page(client, org).content.decode()

    assert "Billing is not configured" in body
    assert "Scale" in body and "/checkout/" not in body


def test_checkout_opens_stripe_checkout_for_the_chosen_price(client, fake_stripe):
    org = OrganizationFactory()
    client.force_login(org.owner)

    response = client.post(
        reverse("billing:checkout", kwargs={"org_slug": org.slug}),
        {"plan": "Growth", "cycle": "annual"},
    )

    assert response.status_code == 302
    assert response.url.startswith("https://checkout.stripe.com/c/pay/cs_")
    assert fake_stripe.paths() == ["POST /v1/customers", "POST /v1/checkout/sessions"]
    params = fake_stripe.calls[1][2]
    assert params["line_items[0][price]"] == "price_test_growth_annual"
    assert params["mode"] == "subscription"
    assert params["client_reference_id"] == str(org.owner.pk)
    assert params["success_url"].endswith(f"/billing/{org.slug}/?checkout=success")
    row = Subscription.objects.get(user=org.owner)
    assert row.stripe_customer_id == fake_stripe.calls[1][2]["customer"]
    assert row.plan == "Trial"  # unchanged until Stripe's events arrive


def test_a_second_checkout_reuses_the_customer(client, fake_stripe):
    org = OrganizationFactory()
    client.force_login(org.owner)
    url = reverse("billing:checkout", kwargs={"org_slug": org.slug})

    client.post(url, {"plan": "Growth", "cycle": "monthly"})
    client.post(url, {"plan": "Scale", "cycle": "monthly"})

    assert fake_stripe.paths().count("POST /v1/customers") == 1


@pytest.mark.parametrize(
    ("plan", "cycle", "message"),
    [
        ("Platinum", "monthly", "There is no plan called “Platinum” to buy. Choose Growth, Scale."),
        ("Free", "monthly", "There is no plan called “Free” to buy."),
        ("Growth", "weekly", "Choose a plan and a billing cycle (monthly or annual)."),
    ],
)
def test_checkout_for_a_plan_that_does_not_exist_answers_with_a_message(
    client, fake_stripe, plan, cycle, message
):
    org = OrganizationFactory()
    client.force_login(org.owner)

    response = client.post(
        reverse("billing:checkout", kwargs={"org_slug": org.slug}),
        {"plan": plan, "cycle": cycle},
        follow=True,
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert fake_stripe.calls == []


def test_an_owner_with_a_live_stripe_subscription_is_sent_to_the_portal_instead(
    client, fake_stripe
):
    org = OrganizationFactory()
    subscription_set(user=org.owner, plan="Growth", stripe_customer_id="cus_live")
    Subscription.objects.filter(user=org.owner).update(stripe_data={"status": "active"})
    client.force_login(org.owner)

    response = client.post(
        reverse("billing:checkout", kwargs={"org_slug": org.slug}),
        {"plan": "Scale", "cycle": "annual"},
        follow=True,
    )

    assert "Use “Manage billing”" in response.content.decode()
    assert fake_stripe.calls == []


def test_manage_billing_opens_the_customer_portal(client, fake_stripe):
    org = OrganizationFactory(plan="Growth", plan__stripe_customer_id="cus_portal")
    client.force_login(org.owner)
    assert "Manage billing" in page(client, org).content.decode()

    response = client.post(reverse("billing:portal", kwargs={"org_slug": org.slug}))

    assert response.status_code == 302
    assert response.url.startswith("https://billing.stripe.com/p/session/bps_")
    assert fake_stripe.calls[0][2]["customer"] == "cus_portal"


def test_the_portal_without_a_billing_account_answers_with_a_message(client, fake_stripe):
    org = OrganizationFactory()
    client.force_login(org.owner)

    response = client.post(reverse("billing:portal", kwargs={"org_slug": org.slug}), follow=True)

    assert "There is no billing account yet" in response.content.decode()
    assert fake_stripe.calls == []


def test_a_stripe_error_during_checkout_answers_with_a_message(client, fake_stripe):
    fake_stripe.fail_with = (400, {"error": {"type": "invalid_request_error", "message": "no"}})
    org = OrganizationFactory()
    client.force_login(org.owner)

    response = client.post(
        reverse("billing:checkout", kwargs={"org_slug": org.slug}),
        {"plan": "Growth", "cycle": "monthly"},
        follow=True,
    )

    assert response.status_code == 200
    assert "Stripe could not start the checkout" in response.content.decode()


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


@pytest.mark.parametrize("persona", ["member", "viewer"])
def test_only_billing_managers_may_start_checkout_or_open_the_portal(client, fake_stripe, persona):
    org = OrganizationFactory()
    user = MembershipFactory(org=org, role_key=persona).user
    client.force_login(user)

    for name in ("billing:checkout", "billing:portal"):
        response = client.post(
            reverse(name, kwargs={"org_slug": org.slug}), {"plan": "Growth", "cycle": "monthly"}
        )
        assert response.status_code == 403
    assert fake_stripe.calls == []
