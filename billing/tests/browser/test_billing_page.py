"""The billing page in a real browser: plan, status, next billing date, what the plan includes,
and a Free owner meeting a locked assessment."""

import pytest

from accounts.tests.factories import UserFactory
from billing.tests.factories import subscription_set
from config.testing.browser import sign_in
from orgs.tests.factories import OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_owner_sees_the_plan_and_a_free_owner_the_upgrade_page(page, screenshot, live_server):
    olivia = UserFactory(first_name="Olivia", email="olivia@acme.test")
    acme = OrganizationFactory(name="Acme", slug="acme", owner=olivia)
    subscription_set(user=olivia, plan="Growth", cycle="annual", days=120)
    sign_in(page, live_server, olivia)

    page.goto("/dashboard/")
    page.get_by_role("link", name="Billing").click()
    page.get_by_role("heading", name="Billing").wait_for()
    current = page.get_by_test_id("current-plan")
    assert "Growth" in current.inner_text() and "Annual" in current.inner_text()
    assert page.get_by_test_id("next-billing-date").inner_text() != "—"
    assert "Every assessment type" in page.get_by_test_id("plan-includes").inner_text()
    assert page.get_by_test_id("billing-not-configured").is_visible()
    screenshot("1-growth-plan")

    subscription_set(user=olivia, plan="Free")
    from assessments.banks import load_banks
    from assessments.models import AssessmentTemplate

    load_banks(AssessmentTemplate)
    page.goto(f"/assessments/{acme.slug}/")
    card = page.locator('[data-assessment="leadership"]')
    assert "Paid plans" in card.inner_text()
    page.goto(f"/billing/{acme.slug}/")
    assert "Free" in page.get_by_test_id("current-plan").inner_text()
    screenshot("2-free-plan")
