"""Reference data: the quote of the day, the stock symbols import and quotes, the dashboard's
intelligence card and "What's new"."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from intelligence import reference
from intelligence.follows import follow_set
from intelligence.models import IndustryStockSymbol
from intelligence.tests.factories import (
    InspirationalQuoteFactory,
    RealtimeMarketTrendFactory,
    RoadmapUpdateFactory,
)

pytestmark = pytest.mark.django_db


def test_the_quote_of_the_day_is_stable_for_a_day_and_never_repeats_within_a_week():
    for i in range(9):
        InspirationalQuoteFactory(quote=f"Quote {i}", is_active=True)
    InspirationalQuoteFactory(quote="Retired", is_active=False)
    start = date(2026, 12, 1)

    week = [reference.quote_of_the_day(day=start + timedelta(days=d)).quote for d in range(7)]

    assert len(set(week)) == 7 and "Retired" not in week
    assert reference.quote_of_the_day(day=start).quote == week[0]


def test_no_quotes_gives_none():
    assert reference.quote_of_the_day() is None


def test_the_symbols_import_reads_a_csv_and_is_idempotent(tmp_path):
    csv = tmp_path / "symbols.csv"
    csv.write_text(
        "industry,symbol,company_name,exchange\n"
        "Retail,WMT,Walmart,NYSE\nRetail,TSCO,Tesco,LSE\n,BAD,No industry,\n"
    )
    out = StringIO()

    call_command("import_stock_symbols", str(csv), stdout=out, stderr=StringIO())
    call_command("import_stock_symbols", str(csv), stdout=out, stderr=StringIO())

    assert sorted(IndustryStockSymbol.objects.values_list("symbol", flat=True)) == ["TSCO", "WMT"]
    assert "2 imported, 1 skipped" in out.getvalue()


def test_the_local_file_provider_gives_quotes_for_known_symbols_only(tmp_path):
    quotes = tmp_path / "q.csv"
    quotes.write_text("symbol,price,change_pct,as_of\nWMT,92.40,0.12,2026-12-01\nBAD,x,1,\n")

    got = reference.LocalFileQuoteProvider(quotes).quotes(["WMT", "BAD", "NONE"])

    assert list(got) == ["WMT"] and str(got["WMT"].price) == "92.40"
    assert reference.LocalFileQuoteProvider(tmp_path / "missing.csv").quotes(["WMT"]) == {}


def test_the_dashboard_shows_the_top_three_followed_items_the_quote_and_whats_new(
    client, acme, alice
):
    follow_set(user=alice, kind="industry", name="Retail", active=True)
    for i in range(5):
        RealtimeMarketTrendFactory(title=f"Retail news {i}", industry="Retail")
    RealtimeMarketTrendFactory(title="Tech news", industry="Technology")
    InspirationalQuoteFactory(quote="Stay curious.", author="Ada", is_active=True)
    RoadmapUpdateFactory(title="Exports to Sheets", status="released")
    client.force_login(alice)

    body = client.get(reverse("dashboards:home", args=[acme.slug])).content.decode()

    assert body.count('data-testid="dashboard-item"') == 3 and "Tech news" not in body
    assert "Stay curious." in body and "Exports to Sheets" in body


def test_the_dashboards_query_count_does_not_grow_with_intelligence_data(
    client, acme, alice, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(alice)
    url = reverse("dashboards:home", args=[acme.slug])
    follow_set(user=alice, kind="industry", name="Retail", active=True)
    RealtimeMarketTrendFactory(title="first", industry="Retail")
    InspirationalQuoteFactory(quote="first", is_active=True)
    RoadmapUpdateFactory(title="first")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    follow_set(user=alice, kind="industry", name="Finance", active=True)
    follow_set(user=alice, kind="source", name="FT", active=True)
    for i in range(30):
        RealtimeMarketTrendFactory(title=f"n{i}", industry="Retail")
        InspirationalQuoteFactory(quote=f"q{i}", is_active=True)
        RoadmapUpdateFactory(title=f"r{i}")
    with CaptureQueriesContext(connection) as large:
        client.get(url)

    assert len(large) <= len(small)


def test_whats_new_lists_the_roadmap(client, acme, alice):
    RoadmapUpdateFactory(title="Team workspaces", status="planned")
    client.force_login(alice)

    body = client.get(reverse("intelligence:whats_new", args=[acme.slug])).content.decode()

    assert "Team workspaces" in body


def test_whats_new_has_an_unread_dot_until_the_user_marks_it_read(client, acme, alice, bob):
    RoadmapUpdateFactory(title="Team workspaces")
    client.force_login(alice)
    url = reverse("intelligence:whats_new", args=[acme.slug])

    before = client.get(url).content.decode()
    client.post(url)
    after = client.get(url).content.decode()
    RoadmapUpdateFactory(title="Exports")
    again = client.get(url).content.decode()

    assert 'data-testid="whats-new-dot"' in before
    assert 'data-testid="whats-new-dot"' not in after
    assert 'data-testid="whats-new-dot"' in again
    client.force_login(bob)  # the read state is per user
    assert 'data-testid="whats-new-dot"' in client.get(url).content.decode()
