"""Feed ingestion against real local HTTP servers (pytest-httpserver): parsing of each kind,
de-duplication, tagging, conditional GET, backoff and each bad source."""

from __future__ import annotations

import socket
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from werkzeug.wrappers import Response

from events.models import Event
from intelligence import feed_parsing, ingest, net
from intelligence.models import (
    AiAnalytics,
    BusinessNewsTicker,
    FeedSource,
    IndustryKeywordRule,
    RealtimeEvent,
    RealtimeMarketTrend,
)
from intelligence.tests.factories_feeds import FeedSourceFactory

FEEDS = Path(__file__).parent / "feeds"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_fetches(settings):
    settings.INTELLIGENCE_ALLOW_LOOPBACK_FEEDS = True
    settings.INTELLIGENCE_FEED_CONNECT_TIMEOUT = 1.0
    settings.INTELLIGENCE_FEED_READ_TIMEOUT = 1.0
    settings.INTELLIGENCE_FEED_TOTAL_SECONDS = 5
    settings.AI_PROVIDER = "offline"


def serve(httpserver, path: str, name: str, content_type: str = "application/rss+xml") -> str:
    httpserver.expect_request(path).respond_with_data(
        (FEEDS / name).read_bytes(), content_type=content_type
    )
    return httpserver.url_for(path)


def source_for(url: str, **kwargs) -> FeedSource:
    return FeedSourceFactory(url=url, name=kwargs.pop("name", "Fintech Wire"), **kwargs)


def fetch(source: FeedSource) -> ingest.FetchOutcome:
    outcome = ingest.feed_source_fetch_unscoped(source_id=source.pk, force=True)
    source.refresh_from_db()
    return outcome


def test_an_rss_feed_is_stored_once_with_url_time_source_industries_and_a_summary(httpserver):
    source = source_for(serve(httpserver, "/rss.xml", "rss.xml"), industries=["fintech"])

    outcome = fetch(source)

    assert (outcome.status, outcome.new, outcome.duplicates) == ("ok", 2, 1)  # a near-duplicate
    first = RealtimeMarketTrend.objects.get(title="Instant payments reach half of European banks")
    assert first.url.startswith("https://News.Example.com/articles/instant-payments?utm_source")
    assert first.canonical_url == "https://news.example.com/articles/instant-payments"
    assert first.published_at.isoformat() == "2026-12-01T09:30:00+00:00"
    assert (first.source, first.industries, first.industry) == (
        "Fintech Wire",
        ["fintech"],
        "fintech",
    )
    assert first.feed_source_id == source.pk
    assert first.insight.startswith("Half of the euro area's banks now offer instant transfers.")
    assert "Source: Fintech Wire; industries: fintech" in first.insight
    assert (source.status, source.consecutive_failures, source.last_error) == ("ok", 0, "")
    assert source.next_fetch_at > timezone.now() + timedelta(minutes=59)
    cost = AiAnalytics.objects.get()
    assert (cost.provider, cost.request_count, cost.cost_usd) == ("offline", 2, 0)

    assert fetch(source).new == 0  # the same feed again: every URL is known


def test_atom_and_json_feed_items_are_read(httpserver):
    atom = source_for(serve(httpserver, "/atom", "atom.xml", "application/atom+xml"), name="A")
    json_feed = source_for(
        serve(httpserver, "/json", "feed.json", "application/feed+json"),
        name="J",
        kind=FeedSource.Kind.JSON,
        target=FeedSource.Target.TICKER,
    )

    assert fetch(atom).new == 2
    assert fetch(json_feed).new == 2
    assert set(BusinessNewsTicker.objects.values_list("title", flat=True)) == {
        "Insurers pay for remote patient monitoring",
        "Clinical trials recruit through patient apps",
    }
    assert RealtimeMarketTrend.objects.filter(url="https://retail.example.org/robots").exists()


def test_one_event_per_fetch_lists_the_new_items_and_realtime_events_count_them(httpserver):
    source = source_for(serve(httpserver, "/rss.xml", "rss.xml"), industries=["fintech"])
    fetch(source)

    event = Event.objects.get(event_type=ingest.ITEMS_EVENT)
    ids = set(RealtimeMarketTrend.objects.values_list("pk", flat=True))
    assert {str(pk) for pk in ids} == set(event.event_data["item_ids"])
    assert event.event_data["table"] == "realtime_market_trends"
    row = RealtimeEvent.objects_unscoped.get(event_type="feed.fetched")
    assert (row.org_id, row.channel, row.payload["new"]) == (None, ingest.CHANNEL, 2)


def test_canonical_urls_drop_tracking_fragment_case_and_default_port():
    assert feed_parsing.canonical_url(
        "HTTPS://News.Example.COM:443/a/b?utm_source=x&b=2&a=1&fbclid=y&gclid=z#frag"
    ) == ("https://news.example.com/a/b?a=1&b=2")
    assert feed_parsing.canonical_url("http://x.example:8080") == "http://x.example:8080/"


def test_the_same_article_from_another_source_with_tracking_parameters_is_a_duplicate(httpserver):
    fetch(source_for(serve(httpserver, "/rss.xml", "rss.xml"), name="One"))
    RealtimeMarketTrend.objects.update(title="Renamed so the title does not match")
    httpserver.expect_request("/other").respond_with_data(
        b"""<rss version="2.0"><channel><title>t</title><item><title>Another headline here</title>
        <link>https://news.example.com/articles/open-banking-credit?utm_campaign=z#x</link>
        </item></channel></rss>""",
        content_type="application/rss+xml",
    )
    assert fetch(source_for(httpserver.url_for("/other"), name="Two")).new == 0


@pytest.mark.parametrize(
    ("title", "duplicate"),
    [
        ("Instant payments reach half of the European banks", True),
        ("instant payments reach half of European banks!", True),
        ("Instant payments", False),  # contained, but far shorter: another headline
        ("Card fees fall as instant payments spread", False),
    ],
)
def test_near_identical_titles(title, duplicate):
    recent = ["Instant payments reach half of European banks"]
    assert feed_parsing.is_near_duplicate(title, recent) is duplicate


def test_industries_are_the_sources_plus_whole_word_keyword_rules(httpserver):
    IndustryKeywordRule.objects.create(industry="saas", keyword="SaaS vendors")
    IndustryKeywordRule.objects.create(industry="retail", keyword="retail")
    IndustryKeywordRule.objects.create(industry="ai", keyword="AI")  # not in "retail"
    IndustryKeywordRule.objects.create(industry="off", keyword="lenders", enabled=False)
    fetch(source_for(serve(httpserver, "/rss.xml", "rss.xml"), industries=["fintech"]))

    item = RealtimeMarketTrend.objects.get(title__startswith="Retail lenders")
    assert item.industries == ["fintech", "retail", "saas"]  # rules by industry, keyword
    assert feed_parsing.tag_industries(
        title="AI-guided robots", summary="", own=[], rules=[("ai", "ai")]
    ) == ["ai"]


def test_conditional_get_sends_the_validators_and_a_304_stores_nothing(httpserver):
    body = (FEEDS / "rss.xml").read_bytes()
    seen = []

    def handler(request):
        seen.append((request.headers.get("If-None-Match"), request.headers.get("User-Agent")))
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304)
        return Response(
            body,
            content_type="application/rss+xml",
            headers={"ETag": '"v1"', "Last-Modified": "Tue, 01 Dec 2026 10:00:00 GMT"},
        )

    httpserver.expect_request("/cond").respond_with_handler(handler)
    source = source_for(httpserver.url_for("/cond"))
    assert fetch(source).new == 2
    assert (source.etag, source.last_modified) == ('"v1"', "Tue, 01 Dec 2026 10:00:00 GMT")

    outcome = fetch(source)

    assert (outcome.status, outcome.new, source.status) == ("not_modified", 0, "not_modified")
    assert seen[1][0] == '"v1"' and seen[1][1].startswith("GrowthPlatformFeeds/")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_failing_source_backs_off_exponentially_up_to_a_cap(settings):
    settings.INTELLIGENCE_FEED_BACKOFF_BASE_MINUTES = 5
    settings.INTELLIGENCE_FEED_BACKOFF_MAX_MINUTES = 60
    source = source_for(f"http://127.0.0.1:{_free_port()}/dead.xml")  # connection refused
    waits = []
    for _ in range(5):
        before = timezone.now()
        outcome = fetch(source)
        waits.append(round((source.next_fetch_at - before).total_seconds() / 60))
    assert outcome.status == "failing" and "Could not connect" in source.last_error
    assert waits == [5, 10, 20, 40, 60]
    assert source.consecutive_failures == 5 and source.status == "failing"
    assert RealtimeEvent.objects_unscoped.filter(event_type="feed.failed").count() == 5
    assert ingest.feed_source_fetch_unscoped(source_id=source.pk).status == "skipped"  # not due


def _slow(request):
    time.sleep(2)  # beyond the 1 s read timeout
    return Response(b"<rss/>", content_type="application/rss+xml")


def _huge(request):
    return Response(b"<rss>" + b" " * (10 * 1024 * 1024), content_type="application/rss+xml")


def _huge_chunked(request):
    chunk = b" " * (1024 * 1024)
    return Response((chunk for _ in range(10)), content_type="application/rss+xml")


@pytest.mark.parametrize(
    ("setup", "error"),
    [
        (lambda s: s.expect_request("/slow").respond_with_handler(_slow) or "/slow", "Timed out"),
        (
            lambda s: (
                s.expect_request("/loop").respond_with_data(
                    "", status=302, headers={"Location": "/loop"}
                )
                or "/loop"
            ),
            "Too many redirects",
        ),
        (
            lambda s: (
                s.expect_request("/page").respond_with_data(
                    (FEEDS / "page.html").read_bytes(), content_type="text/html"
                )
                or "/page"
            ),
            "HTML page",
        ),
        (
            lambda s: (
                s.expect_request("/bad").respond_with_data(
                    (FEEDS / "malformed.xml").read_bytes(), content_type="application/xml"
                )
                or "/bad"
            ),
            "Not a feed",
        ),
        (lambda s: s.expect_request("/big").respond_with_handler(_huge) or "/big", "cap"),
        (lambda s: s.expect_request("/big2").respond_with_handler(_huge_chunked) or "/big2", "cap"),
        (
            lambda s: s.expect_request("/500").respond_with_data("", status=500) or "/500",
            "HTTP 500",
        ),
    ],
    ids=["slow", "redirect-loop", "html", "malformed", "10MB", "10MB-chunked", "http-500"],
)
def test_each_bad_source_is_recorded_as_failing(httpserver, setup, error):
    source = source_for(httpserver.url_for(setup(httpserver)))
    outcome = fetch(source)
    assert outcome.status == "failing"
    assert error in source.last_error
    assert source.status == "failing" and source.consecutive_failures == 1
    assert not RealtimeMarketTrend.objects.exists()


def test_bad_sources_never_block_the_others(httpserver):
    httpserver.expect_request("/slow").respond_with_handler(_slow)
    slow = source_for(httpserver.url_for("/slow"), name="Slow")
    dead = source_for(f"http://127.0.0.1:{_free_port()}/x", name="Dead")
    good = source_for(serve(httpserver, "/rss.xml", "rss.xml"), name="Good")
    FeedSource.objects.update(next_fetch_at=timezone.now() - timedelta(minutes=1))

    outcomes = {o.source_id: o.status for o in ingest.fetch_due_unscoped()}

    assert outcomes == {str(slow.pk): "failing", str(dead.pk): "failing", str(good.pk): "ok"}
    assert RealtimeMarketTrend.objects.count() == 2


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.com/feed.xml", "Only http and https"),
        ("file:///etc/passwd", "Only http and https"),
        ("http://10.1.2.3/feed", "private"),
        ("http://192.168.0.10/feed", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://224.0.0.1/feed", "multicast"),
        ("http://0.0.0.0/feed", "unspecified"),
        ("http://[::ffff:10.0.0.1]/feed", "private"),
        ("http://127.0.0.1/feed", "loopback"),
        ("http://localhost/feed", "loopback"),  # a host name resolving to 127.0.0.1
    ],
)
def test_unsafe_urls_are_refused_when_saved(settings, url, message):
    settings.INTELLIGENCE_ALLOW_LOOPBACK_FEEDS = False
    with pytest.raises(ValidationError) as refused:
        FeedSource(name="x", url=url).full_clean()
    assert message in str(refused.value)


def test_loopback_is_allowed_only_with_the_setting(settings):
    settings.INTELLIGENCE_ALLOW_LOOPBACK_FEEDS = True
    FeedSource(name="x", url="http://127.0.0.1:8000/feed").full_clean()
    settings.INTELLIGENCE_ALLOW_LOOPBACK_FEEDS = False
    with pytest.raises(ValidationError):
        FeedSource(name="x", url="http://127.0.0.1:8000/feed").full_clean()


def test_a_source_on_a_host_resolving_to_loopback_is_refused_at_fetch_time(httpserver, settings):
    """Saved while allowed (or written past the form); fetched when loopback is not allowed."""
    source = source_for(serve(httpserver, "/rss.xml", "rss.xml").replace("127.0.0.1", "localhost"))
    settings.INTELLIGENCE_ALLOW_LOOPBACK_FEEDS = False

    outcome = fetch(source)

    assert outcome.status == "failing" and "resolves to" in source.last_error
    assert "loopback" in source.last_error
    assert not httpserver.log  # nothing was sent to the server


def test_dns_rebinding_is_caught_at_connect_time(httpserver, settings, monkeypatch):
    """The name resolves to a public address when checked first, then to 127.0.0.1: the
    connection is made only to an address checked at connect time, so it is refused."""
    url = serve(httpserver, "/rss.xml", "rss.xml").replace("localhost", "feeds.rebind.test")
    settings.INTELLIGENCE_ALLOW_LOOPBACK_FEEDS = False
    port = int(url.split(":")[2].split("/")[0])
    answers = iter(["93.184.216.34", "127.0.0.1", "127.0.0.1"])

    def resolver(host, port_, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]

    monkeypatch.setattr(net.socket, "getaddrinfo", resolver)
    source = source_for(url)

    outcome = fetch(source)

    assert outcome.status == "failing"
    assert "feeds.rebind.test resolves to 127.0.0.1, a loopback address" in source.last_error
    assert not httpserver.log


def test_a_claimed_source_is_skipped_by_a_second_task(httpserver):
    source = source_for(serve(httpserver, "/rss.xml", "rss.xml"))
    FeedSource.objects.filter(pk=source.pk).update(next_fetch_at=timezone.now())
    assert ingest._claim(source.pk, force=False) is not None  # the first task's claim

    assert ingest.feed_source_fetch_unscoped(source_id=source.pk).status == "skipped"
    assert not httpserver.log
