"""The main pages under the Content-Security-Policy: any inline script, style or handler left
fails the test (the `page` fixture collects violations), and the moved behaviour still works."""

import pytest

from accounts.tests.factories import UserFactory
from assessments.banks import load_banks
from assessments.models import AssessmentTemplate
from billing.tests.factories import subscription_set
from config.testing.browser import sign_in
from orgs import services
from orgs.tests.factories import MembershipFactory, OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_portal_pages_load_without_a_policy_violation(page, live_server):
    olivia = UserFactory(first_name="Olivia", email="olivia@acme.test")
    acme = OrganizationFactory(name="Acme", slug="acme", owner=olivia)
    subscription_set(user=olivia, plan="Growth", cycle="annual", days=120)
    MembershipFactory(org=acme, user=UserFactory(email="mia@acme.test"), role_key="member")
    key, _ = services.api_key_create(org=acme, name="CI", scope="read", created_by=olivia)
    load_banks(AssessmentTemplate)
    sign_in(page, live_server, olivia)

    for path in [
        "/dashboard/",
        "/profile/",
        "/notifications/",
        f"/assessments/{acme.slug}/",
        f"/assessments/{acme.slug}/onboarding/",
        f"/orgs/{acme.slug}/settings/",
        f"/orgs/{acme.slug}/members/",
        f"/orgs/{acme.slug}/roles/",
        f"/orgs/{acme.slug}/api-keys/",
        f"/billing/{acme.slug}/",
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        page.wait_for_load_state("load")

    # The revoke confirm now comes from static/js/portal.js: dismissing it keeps the key.
    page.goto(f"/orgs/{acme.slug}/api-keys/")
    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Revoke").first.click()
    page.wait_for_timeout(300)
    assert dialogs == ["Revoke this key? Integrations using it stop working."]
    key.refresh_from_db()
    assert key.revoked_at is None


def test_the_api_docs_and_the_admin_load_without_a_policy_violation(page, live_server):
    staff = UserFactory(email="staff@platform.test", role="super_admin")
    sign_in(page, live_server, staff)

    page.goto("/api/docs/")
    page.locator(".swagger-ui .info").wait_for()  # the split view's script ran
    page.goto("/admin/")
    page.get_by_role("heading", name="Site administration").wait_for()
    page.goto("/admin/accounts/user/")
    page.wait_for_load_state("load")
    page.goto(f"/admin/accounts/user/{staff.pk}/change/")
    page.wait_for_load_state("load")


def test_the_anonymous_pages_load_without_a_policy_violation(page):
    for path in ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]:
        assert page.goto(path).status == 200, path
        page.wait_for_load_state("load")
