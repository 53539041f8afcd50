"""What each plan unlocks, and how a locked feature answers: upgrade page or 402 JSON."""

from __future__ import annotations

import pytest

from billing.entitlements import (
    Feature,
    FeatureLocked,
    assessment_type_allowed,
    org_has_feature,
    plan_of_org,
)
from orgs import services as org_services
from orgs.tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

ALL = set(Feature.values)


@pytest.mark.parametrize(
    ("plan", "status", "features"),
    [
        ("Free", "active", {Feature.ONBOARDING}),
        ("Trial", "trial", ALL),
        ("Growth", "active", ALL),
        ("Scale", "active", ALL),
        ("Growth", "cancelled", {Feature.ONBOARDING}),
        ("Growth", "expired", {Feature.ONBOARDING}),
        ("Legacy Gold", "active", {Feature.ONBOARDING}),  # unknown names give Free
    ],
)
def test_each_plan_unlocks_its_features(plan, status, features):
    org = OrganizationFactory(plan=plan, plan__status=status)

    assert {f for f in Feature.values if org_has_feature(org, f)} == set(features)


def test_an_owner_without_a_subscription_row_is_on_free():
    org = OrganizationFactory()
    org.owner.subscription.delete()

    assert plan_of_org(type(org).objects.get(pk=org.pk)).name == "Free"


def test_free_takes_onboarding_and_one_assessment_type(settings):
    settings.BILLING_FREE_ASSESSMENT_TYPE = "strategic_maturity"
    free = OrganizationFactory(plan="Free")
    trial = OrganizationFactory()

    assert assessment_type_allowed(free, "strategic_maturity")
    assert assessment_type_allowed(free, "onboarding")
    assert not assessment_type_allowed(free, "tech_stack")
    assert assessment_type_allowed(trial, "tech_stack")


def test_the_plan_is_read_once_per_org_instance(django_assert_num_queries):
    org = OrganizationFactory(plan="Growth")
    org = type(org).objects.get(pk=org.pk)

    with django_assert_num_queries(1):
        for feature in Feature.values:
            org_has_feature(org, feature)
        assessment_type_allowed(org, "tech_stack")


@pytest.mark.urls("billing.tests.urls_entitlements")
def test_a_locked_portal_feature_answers_an_upgrade_page_with_402(client):
    org = OrganizationFactory(plan="Free")
    client.force_login(org.owner)

    response = client.get(f"/locked/{org.slug}/simulations/")

    assert response.status_code == 402
    body = response.content.decode()
    assert "Growth simulations needs an upgrade" in body
    assert f'href="/billing/{org.slug}/"' in body


@pytest.mark.urls("billing.tests.urls_entitlements")
def test_an_unlocked_portal_feature_answers_normally(client):
    org = OrganizationFactory(plan="Growth")
    client.force_login(org.owner)

    assert client.get(f"/locked/{org.slug}/simulations/").status_code == 200


@pytest.mark.urls("billing.tests.urls_entitlements")
def test_staff_are_never_locked_out_of_reading_but_cannot_write(client, staff):
    org = OrganizationFactory(plan="Free")
    client.force_login(staff)

    assert client.get(f"/locked/{org.slug}/simulations/").status_code == 200
    assert client.post(f"/locked/{org.slug}/simulations/").status_code == 402


def _api_key(org):
    _, raw = org_services.api_key_create(org=org, name="BI", scope="read", created_by=org.owner)
    return raw


def test_an_api_key_of_a_free_org_answers_402_json_with_an_upgrade_link(client):
    org = OrganizationFactory(plan="Free")

    response = client.get(
        f"/api/v1/orgs/{org.slug}/members/", HTTP_AUTHORIZATION=f"Api-Key {_api_key(org)}"
    )

    assert response.status_code == 402
    assert response.json() == {
        "detail": "Integrator API is not included in your organisation's plan. Upgrade to use it.",
        "feature": "api",
        "upgrade_url": f"/billing/{org.slug}/",
    }


@pytest.mark.parametrize("plan", ["Trial", "Growth"])
def test_an_api_key_of_a_trial_or_paid_org_works(client, plan):
    org = OrganizationFactory(plan=plan)

    response = client.get(
        f"/api/v1/orgs/{org.slug}/members/", HTTP_AUTHORIZATION=f"Api-Key {_api_key(org)}"
    )

    assert response.status_code == 200


def test_the_portals_own_session_use_of_the_api_stays_allowed_on_free(client):
    org = OrganizationFactory(plan="Free")
    member = MembershipFactory(org=org).user
    client.force_login(member)

    assert client.get(f"/api/v1/orgs/{org.slug}/members/").status_code == 200


def test_feature_locked_carries_the_feature_and_link():
    org = OrganizationFactory(plan="Free")

    exc = FeatureLocked(Feature.EXPORTS, org)

    assert exc.status_code == 402
    assert exc.detail["feature"] == "exports"
    assert exc.detail["upgrade_url"] == f"/billing/{org.slug}/"
