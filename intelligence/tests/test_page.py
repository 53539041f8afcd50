"""The intelligence page: filters, full-text search, keyset pages, the poll for new items,
follows, the plan gate, and a constant number of queries with 10 and 100,000 items."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from intelligence import feed
from intelligence.models import RealtimeMarketTrend, RealtimeSubscription
from intelligence.tests.factories import (
    BusinessNewsTickerFactory,
    IndustryStockSymbolFactory,
    RealtimeMarketTrendFactory,
)
from orgs.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def _url(org, name="intelligence:index"):
    return reverse(name, args=[org.slug])


def _item(title, *, industry="Retail", source="Reuters", minutes_ago=0, insight=""):
    item = RealtimeMarketTrendFactory(
        title=title, industry=industry, source=source, insight=insight
    )
    RealtimeMarketTrend.objects.filter(pk=item.pk).update(
        published_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return item


@pytest.fixture
def signed_in(client, acme, alice):
    client.force_login(alice)
    return client


def test_it_shows_the_ticker_and_items_the_users_industry_first(signed_in, acme, alice):
    alice.industry = "Retail"
    alice.save(update_fields=["industry"])
    BusinessNewsTickerFactory(title="Markets rally on rate cut", published_at=timezone.now())
    _item("Retail footfall rises")
    _item("Chip shortage eases", industry="Technology")
    IndustryStockSymbolFactory(industry="Retail", symbol="WMT", company_name="Walmart")

    body = signed_in.get(_url(acme)).content.decode()

    assert "Markets rally on rate cut" in body and 'aria-live="polite"' in body
    assert "Retail footfall rises" in body and "Chip shortage eases" not in body
    assert "Walmart" in body and "92.40" in body  # the local quotes file's price


def test_filters_by_industry_source_and_date(signed_in, acme):
    _item("Old retail", minutes_ago=60 * 24 * 10)
    _item("New retail")
    _item("FT tech", industry="Technology", source="FT")
    today = timezone.localdate().isoformat()

    by_date = signed_in.get(_url(acme), {"industry": "Retail", "since": today}).content.decode()
    by_source = signed_in.get(_url(acme), {"industry": "", "source": "FT"}).content.decode()

    assert "New retail" in by_date and "Old retail" not in by_date
    assert "FT tech" in by_source and "New retail" not in by_source


def test_full_text_search_uses_websearch_syntax(signed_in, acme):
    _item("Pricing power in groceries", insight="Retailers raise prices")
    _item("Crypto pricing collapses")
    _item("Logistics hiring")

    body = signed_in.get(_url(acme), {"q": "pricing -crypto"}).content.decode()

    assert "Pricing power in groceries" in body
    assert "Crypto pricing collapses" not in body and "Logistics hiring" not in body


@pytest.mark.parametrize(
    "params",
    [{"since": "not-a-date"}, {"since": "2026-02-02", "until": "2026-01-01"}, {"q": "x" * 500}],
)
def test_bad_filters_answer_400(signed_in, acme, params):
    assert signed_in.get(_url(acme), params).status_code == 400


def test_a_bad_cursor_answers_400(signed_in, acme):
    url = _url(acme, "intelligence:items")

    assert signed_in.get(url, {"cursor": "%%%"}).status_code == 400
    assert signed_in.get(url, {"after": "bm90LWEtY3Vyc29y"}).status_code == 400


def test_keyset_pages_walk_every_item_once(signed_in, acme):
    for i in range(feed.PAGE_SIZE * 2 + 3):
        _item(f"Item {i:03d}", minutes_ago=i)
    seen, cursor = [], ""
    while True:
        page, cursor = feed.feed_page(filters=feed.FeedFilters(), cursor=cursor)
        seen += [p.title for p in page]
        if not cursor:
            break

    assert seen == [f"Item {i:03d}" for i in range(feed.PAGE_SIZE * 2 + 3)]


def test_the_poll_returns_only_items_newer_than_the_newest_shown(signed_in, acme):
    shown = _item("Shown already", minutes_ago=5)
    _item("Older one", minutes_ago=10)
    _item("Just in")

    response = signed_in.get(
        _url(acme, "intelligence:items"),
        {"after": feed.encode_cursor(shown), "industry": "Retail"},
    )

    body = response.content.decode()
    assert "Just in" in body and "Shown already" not in body and "Older one" not in body
    assert 'hx-swap-oob="afterbegin:#feed-items"' in body and 'id="feed-poll"' in body


def test_following_and_unfollowing_an_industry(signed_in, acme, alice):
    url = _url(acme, "intelligence:follow")

    signed_in.post(url, {"kind": "industry", "name": "Retail", "follow": "on"})
    signed_in.post(url, {"kind": "industry", "name": "Retail", "follow": "on"})  # twice: one row
    followed = list(RealtimeSubscription.objects.filter(user=alice).values_list("is_active"))
    signed_in.post(url, {"kind": "industry", "name": "Retail"})

    assert followed == [(True,)]
    assert RealtimeSubscription.objects.get(user=alice).is_active is False


@pytest.mark.parametrize("payload", [{"kind": "planet", "name": "Mars"}, {"kind": "industry"}])
def test_a_bad_follow_answers_400(signed_in, acme, payload):
    assert signed_in.post(_url(acme, "intelligence:follow"), payload).status_code == 400


def test_a_free_organisation_gets_the_upgrade_page(client):
    org = OrganizationFactory(plan="Free")
    client.force_login(org.owner)

    response = client.get(_url(org))

    assert response.status_code == 402
    assert "Market intelligence" in response.content.decode()


def _bulk_items(count: int) -> None:
    now = timezone.now()
    rows = [
        RealtimeMarketTrend(
            title=f"Bulk item {i}",
            industry=("Retail", "Technology", "Finance")[i % 3],
            source=("Reuters", "FT")[i % 2],
            insight="Demand and pricing move",
            published_at=now - timedelta(seconds=i),
        )
        for i in range(count)
    ]
    RealtimeMarketTrend.objects.bulk_create(rows, batch_size=5000)


@pytest.mark.parametrize("count", [10, 100_000])
def test_the_page_runs_the_same_queries_with_10_and_100000_items(
    signed_in, acme, count, django_assert_num_queries
):
    _bulk_items(count)
    cache.delete(feed.CHOICES_CACHE_KEY)
    signed_in.get(_url(acme), {"q": "pricing"})  # warm the session and the choices cache

    with django_assert_num_queries(QUERIES_PER_PAGE):
        response = signed_in.get(_url(acme), {"q": "pricing", "industry": "Retail"})
    assert response.status_code == 200
    with django_assert_num_queries(QUERIES_PER_POLL):
        signed_in.get(_url(acme, "intelligence:items"), {"after": feed.cursor_at(timezone.now())})


QUERIES_PER_PAGE = 14  # 13, and the user's weakest category for the cards' "why it matters"
QUERIES_PER_POLL = 5


def test_items_tagged_by_the_ingestion_are_found_by_industry_and_reach_the_digest(
    signed_in, acme, alice
):
    from intelligence.digest import digests_send_unscoped
    from intelligence.follows import follow_set
    from notifications.models import Notification

    RealtimeMarketTrendFactory(title="Tagged only", industry=None, industries=["Logistics"])
    follow_set(user=alice, kind="industry", name="Logistics", active=True)
    cache.delete(feed.CHOICES_CACHE_KEY)

    body = signed_in.get(_url(acme), {"industry": "Logistics"}).content.decode()
    digests_send_unscoped(now=timezone.now() + timedelta(hours=1))

    assert "Tagged only" in body and '<option value="Logistics"' in body
    assert Notification.objects.get(user=alice).title == "1 new item in Logistics"


def test_trend_cards_say_why_they_matter_for_the_users_own_weakest_category(
    signed_in, client, acme, alice, bob
):
    from intelligence.tests.factories import RealtimeBusinessTrendFactory
    from scoring.tests.factories import AssessmentScoringResultFactory

    RealtimeBusinessTrendFactory(title="CFOs extend payment terms", industries=["Retail"])
    AssessmentScoringResultFactory(
        user=alice, org=acme, category_scores={"documentation": 4, "measurement": 2}
    )
    AssessmentScoringResultFactory(
        user=bob, org=acme, category_scores={"documentation": 1, "measurement": 5}
    )

    alices = signed_in.get(_url(acme)).content.decode()
    assert 'data-testid="trend-why"' in alices
    assert "measurement, your weakest category" in alices  # hers, not bob's documentation

    client.force_login(bob)
    bobs = client.get(_url(acme)).content.decode()
    assert "documentation, your weakest category" in bobs
