"""The feeds' admin: failing sources stand out with their error, the 24-hour chart, the fetch
action, and the keyword rules."""

from __future__ import annotations

import pytest
from django.urls import reverse

from intelligence import ingest
from intelligence.admin_feeds import hourly_chart_svg
from intelligence.models import FeedSource, RealtimeEvent
from intelligence.tests.factories_feeds import FeedSourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_failing_sources_show_their_status_and_error_and_the_chart(staff_client):
    FeedSourceFactory(name="Dead wire", status="failing", last_error="Could not connect: refused")
    FeedSourceFactory(name="Good wire", status="ok")
    RealtimeEvent.objects_unscoped.create(
        channel=ingest.CHANNEL, event_type="feed.fetched", payload={"new": 7}
    )
    RealtimeEvent.objects_unscoped.create(
        channel=ingest.CHANNEL, event_type="feed.failed", payload={"error": "x"}
    )

    page = staff_client.get(reverse("admin:intelligence_feedsource_changelist"))
    html = page.content.decode()

    assert page.status_code == 200
    assert "Could not connect: refused" in html and "#cf222e" in html
    assert "Last 24 hours: 7 items stored, 1 failed fetches" in html
    failing = staff_client.get(
        reverse("admin:intelligence_feedsource_changelist") + "?status__exact=failing"
    ).content.decode()
    assert "Dead wire" in failing and "Good wire" not in failing


def test_the_hourly_series_sums_items_and_failures_per_hour():
    RealtimeEvent.objects_unscoped.create(
        channel=ingest.CHANNEL, event_type="feed.fetched", payload={"new": 3}
    )
    RealtimeEvent.objects_unscoped.create(
        channel=ingest.CHANNEL, event_type="feed.fetched", payload={"new": 2}
    )
    series = ingest.ingestion_hourly_unscoped()
    assert len(series) == 24 and series[-1]["new"] == 5 and series[-1]["failures"] == 0
    assert "<svg" in hourly_chart_svg(series)


def test_an_unsafe_url_is_a_form_error_not_a_500(staff_client, settings):
    settings.INTELLIGENCE_ALLOW_LOOPBACK_FEEDS = False
    response = staff_client.post(
        reverse("admin:intelligence_feedsource_add"),
        {
            "name": "Internal",
            "url": "http://127.0.0.1:8000/feed.xml",
            "kind": "rss",
            "target": "market",
            "industries": "saas",
            "enabled": "on",
            "refresh_minutes": "60",
            "next_fetch_at_0": "2026-12-01",
            "next_fetch_at_1": "10:00:00",
        },
    )
    assert response.status_code == 200
    assert "loopback address" in response.content.decode()
    assert not FeedSource.objects.exists()
