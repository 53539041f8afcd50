"""The intelligence page in a browser: the ticker, a filter by industry, a search, a follow,
and a new item arriving through the htmx poll without a reload."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from config.testing.browser import sign_in
from intelligence.models import RealtimeMarketTrend
from intelligence.tests.factories import BusinessNewsTickerFactory, RealtimeMarketTrendFactory
from orgs.tests.factories import OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _world():
    alice = UserFactory(first_name="Alice", email="alice@acme.test", industry="Retail")
    org = OrganizationFactory(name="Acme", slug="acme", owner=alice)
    for i, title in enumerate(["Grocers test dynamic pricing", "Footfall back to 2019 levels"]):
        BusinessNewsTickerFactory(title=f"Headline: {title}", published_at=timezone.now())
        RealtimeMarketTrendFactory(
            title=title, industry="Retail", source="Reuters", insight=f"About item {i}."
        )
    RealtimeMarketTrendFactory(
        title="Chip lead times shorten", industry="Technology", source="FT", insight="Supply."
    )
    RealtimeMarketTrend.objects.update(published_at=timezone.now() - timedelta(minutes=5))
    return alice, org


def test_a_member_reads_filters_searches_follows_and_sees_a_new_item_arrive(
    page, live_server, screenshot, settings
):
    settings.INTELLIGENCE_POLL_SECONDS = 2
    alice, org = _world()
    sign_in(page, live_server, alice)

    page.goto(f"/intelligence/{org.slug}/")
    page.get_by_role("heading", name="Market intelligence").wait_for()
    assert "Grocers test dynamic pricing" in page.get_by_test_id("ticker").inner_text()
    assert page.get_by_test_id("ticker-list").get_attribute("aria-live") == "polite"
    # The user's industry first: Retail's items, not Technology's.
    items = page.get_by_test_id("feed-items")
    assert "Footfall back" in items.inner_text() and "Chip lead" not in items.inner_text()
    screenshot("1-page")

    page.get_by_label("Industry").select_option("Technology")
    page.get_by_role("button", name="Apply").click()
    page.get_by_text("Chip lead times shorten").wait_for()
    assert "Footfall back" not in page.get_by_test_id("feed-items").inner_text()

    page.get_by_label("Industry").select_option("")
    page.get_by_label("Search").fill("pricing")
    page.get_by_role("button", name="Apply").click()
    page.get_by_test_id("feed-item").first.wait_for()
    found = page.get_by_test_id("feed-items").inner_text()
    assert "Grocers test dynamic pricing" in found and "Footfall back" not in found
    screenshot("2-search")

    page.goto(f"/intelligence/{org.slug}/?industry=Retail")
    page.get_by_test_id("follow-form").get_by_role("button", name="Follow").click()
    page.get_by_test_id("follows").get_by_text("Retail").wait_for()

    RealtimeMarketTrendFactory(title="Retailers adopt e-receipts", industry="Retail", insight="")
    page.get_by_test_id("feed-items").get_by_text("Retailers adopt e-receipts").wait_for(
        timeout=10_000
    )
    assert (
        page.get_by_test_id("feed-item").first.inner_text().startswith("Retailers adopt e-receipts")
    )
    screenshot("3-new-item")

    # Users who ask for reduced motion get a still, wrapped list of headlines.
    page.emulate_media(reduced_motion="reduce")
    track = page.locator(".ticker-track")
    assert track.evaluate("el => getComputedStyle(el).animationName") == "none"
    page.emulate_media(reduced_motion="no-preference")
    assert track.evaluate("el => getComputedStyle(el).animationName") == "ticker-scroll"
