import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.tests.factories import UserFactory
from config.testing.browser import sign_in
from events.services import event_record
from intelligence.digest import digests_send_unscoped
from intelligence.services import trend_publish
from intelligence.tests.factories import RealtimeSubscriptionFactory
from notifications.tests.factories import NotificationFactory
from orgs.tests.factories import OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_notification_centre_shows_the_unread_badge_and_marks_one_read(
    page, screenshot, live_server
):
    alice = UserFactory(first_name="Alice", email="alice@acme.test")
    OrganizationFactory(name="Acme", slug="acme", owner=alice)
    NotificationFactory(
        user=alice,
        type="system",
        priority="low",
        title="Welcome to Growth Platform",
        message="Start with the onboarding profile.",
        is_read=True,
    )
    # Two arrive from domain events, through the handlers (Celery runs eagerly here).
    RealtimeSubscriptionFactory(user=alice, industry="saas")
    trend_publish(title="Usage-based pricing spreads", insight="…", industry="saas")
    # Followers hear of new items in the hourly digest (intelligence.digest), not per trend.
    digests_send_unscoped(now=timezone.now() + timedelta(hours=1))
    event_record(
        event_type="payment.failed",
        source="billing",
        user=alice,
        data={"invoice_id": "in_1", "amount_due": 4900, "currency": "usd", "link": "/profile/"},
    )
    assert [m.subject for m in mail.outbox] == ["[Growth Platform] Your payment failed"]

    sign_in(page, live_server, alice)
    page.goto("/dashboard/")
    badge = page.get_by_test_id("unread-badge")
    assert re.match(r"^2\b", badge.inner_text())

    page.get_by_role("link", name=re.compile("Notifications")).first.click()
    page.get_by_role("heading", name="Notifications").wait_for()
    items = page.get_by_test_id("notification")
    assert items.count() == 3
    assert "Your payment failed" in items.nth(0).inner_text()  # newest first
    assert "New trend in your industry" in items.nth(1).inner_text()
    screenshot("1-centre-unread")

    items.nth(0).get_by_role("button", name="Mark as read").click()
    page.get_by_role("heading", name="Notifications").wait_for()
    assert re.match(r"^1\b", page.get_by_test_id("unread-badge").inner_text())
    assert page.get_by_test_id("notification").nth(0).get_by_role("button").count() == 0
    screenshot("2-one-read")

    page.get_by_label("Priority").select_option("high")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"priority=high"))
    assert page.get_by_test_id("notification").count() == 1
    assert "Your payment failed" in page.get_by_test_id("notification").inner_text()
    screenshot("3-filtered-high")
