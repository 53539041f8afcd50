"""Reads of the intelligence page and API: feed items (market trends) filtered, searched and
paged by keyset, the news ticker, trend cards and the playbook.

Feed items are global rows (every signed-in member of a paying organisation reads the same
market), so these selectors take the filters, not the org; what is the user's own (follows,
read state) is in intelligence.follows.

An item's industries are its `industries` (text[], tagged by the ingestion) or, on rows written
before it, the seed's single `industry`; an item's date is `published_at`, the feed's own.

Search is PostgreSQL full-text search: `websearch_to_tsquery` (quotes, OR, -word as a user
types them) against `to_tsvector('english', title || ' ' || insight)`, the expression a GIN
index covers. Pages are keyset pages on (published_at, id): a deep page costs what the first
does, and the poll for new items asks only for rows after the newest one shown.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.cache import cache
from django.db.models import Case, F, Func, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from intelligence.models import (
    BusinessNewsTicker,
    RealtimeBusinessTrend,
    RealtimeMarketingPlaybook,
    RealtimeMarketTrend,
    RealtimeStrategicTrend,
)

PAGE_SIZE = 20
ITEM_FIELDS = ("id", "title", "insight", "source", "industry", "industries", "url", "published_at")
CHOICES_CACHE_KEY = "intelligence:filter-choices"
CHOICES_TTL = 300
TICKER_SIZE = 12
TICKER_DAYS = timedelta(days=7)  # bounds the sort of "the user's industry first"
CARDS_PER_KIND = 3
PLAYBOOK_SIZE = 3
SEARCH_CONFIG = "english"
# A query longer than this is cut: websearch_to_tsquery never fails on input, but a page of
# text is not a search.
MAX_QUERY_LENGTH = 200


class BadCursor(ValueError):
    """A cursor that does not decode: the page answers 400."""


@dataclass(frozen=True)
class FeedFilters:
    industry: str = ""
    source: str = ""
    since: date | None = None
    until: date | None = None
    query: str = ""


def search_vector() -> SearchVector:
    """The indexed expression:
    to_tsvector('english', COALESCE(title, '') || ' ' || COALESCE(insight, ''))."""
    return SearchVector("title", "insight", config=SEARCH_CONFIG)


def feed_items(*, filters: FeedFilters) -> QuerySet[RealtimeMarketTrend]:
    """Feed items matching the filters, newest first (published_at, id)."""
    items = RealtimeMarketTrend.objects.all()
    if filters.industry:
        items = items.filter(of_industries([filters.industry]))
    if filters.source:
        items = items.filter(source=filters.source)
    if filters.since:
        items = items.filter(published_at__gte=_start_of(filters.since))
    if filters.until:
        items = items.filter(published_at__lt=_start_of(filters.until + timedelta(days=1)))
    if filters.query:
        items = feed_search(items, query=filters.query)
    return items.only(*ITEM_FIELDS).order_by("-published_at", "-id")


def of_industries(industries: list[str]) -> Q:
    """Items tagged with any of `industries` (the GIN index on industries, or the seed's column)."""
    return Q(industries__overlap=industries) | Q(industry__in=industries)


def feed_search(items: QuerySet, *, query: str) -> QuerySet:
    """Items whose indexed document matches `query` in websearch syntax."""
    search = SearchQuery(query[:MAX_QUERY_LENGTH], search_type="websearch", config=SEARCH_CONFIG)
    return items.annotate(document=search_vector()).filter(document=search)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def encode_cursor(item) -> str:
    raw = f"{item.published_at.isoformat()}|{item.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def cursor_at(moment: datetime) -> str:
    """A cursor at a moment (no item): the poll of an empty list asks for what came after."""
    raw = f"{moment.isoformat()}|{uuid.UUID(int=0)}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        stamp, pk = raw.split("|", 1)
        moment, key = parse_datetime(stamp), uuid.UUID(pk)
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise BadCursor("Invalid cursor.") from exc
    if moment is None:
        raise BadCursor("Invalid cursor.")
    return moment, key


def feed_page(*, filters: FeedFilters, cursor: str = "", size: int = PAGE_SIZE):
    """One page after `cursor` (older items) and the cursor of the next page (or "")."""
    items = feed_items(filters=filters)
    if cursor:
        moment, key = decode_cursor(cursor)
        items = items.filter(Q(published_at__lt=moment) | Q(published_at=moment, id__lt=key))
    page = list(items[: size + 1])
    more = len(page) > size
    page = page[:size]
    return page, (encode_cursor(page[-1]) if more and page else "")


def feed_newer(*, filters: FeedFilters, after: str, size: int = PAGE_SIZE) -> list:
    """Items newer than the one `after` points at (the poll), newest first, at most `size`."""
    moment, key = decode_cursor(after)
    items = feed_items(filters=filters).filter(
        Q(published_at__gt=moment) | Q(published_at=moment, id__gt=key)
    )
    return list(items[:size])


def ticker_headlines(*, industry: str = "", size: int = TICKER_SIZE) -> list[BusinessNewsTicker]:
    """The newest headlines of the last days, the user's industry's first (one query)."""
    rows = BusinessNewsTicker.objects.only("id", "title", "url", "source", "published_at")
    recent = rows.filter(published_at__gte=timezone.now() - TICKER_DAYS)
    own = Case(When(industries__contains=[industry], then=Value(1)), default=Value(0))
    ordered = recent.annotate(own=own) if industry else recent.annotate(own=Value(0))
    return list(ordered.order_by("-own", "-published_at", "-id")[:size])


def trend_cards(*, industry: str) -> dict[str, list]:
    """The newest business and strategic trends, the user's industry first."""
    cards = {}
    for name, model in (("business", RealtimeBusinessTrend), ("strategic", RealtimeStrategicTrend)):
        rows = model.objects.order_by("-created_at")
        mine = Q(industry__iexact=industry) | Q(industries__contains=[industry])
        own = list(rows.filter(mine)[:CARDS_PER_KIND]) if industry else []
        if len(own) < CARDS_PER_KIND:
            others = rows.exclude(pk__in=[r.pk for r in own])
            own += list(others[: CARDS_PER_KIND - len(own)])
        cards[name] = own
    return cards


def playbook_entries(*, size: int = PLAYBOOK_SIZE) -> list[RealtimeMarketingPlaybook]:
    return list(RealtimeMarketingPlaybook.objects.order_by("-created_at")[:size])


def _distinct_values(column: str) -> list[str]:
    values = set(
        RealtimeMarketTrend.objects.exclude(**{f"{column}__isnull": True})
        .exclude(**{column: ""})
        .values_list(column, flat=True)
        .distinct()
        .order_by()
    )
    if column == "industry":  # and the ingestion's tags
        values |= set(
            RealtimeMarketTrend.objects.annotate(tag=Func(F("industries"), function="unnest"))
            .values_list("tag", flat=True)
            .distinct()
            .order_by()
        )
    return sorted(v for v in values if v)


def filter_choices() -> dict[str, list[str]]:
    """The industries and sources the feed has items for (the filters' choices). A DISTINCT
    over every item is a scan, so it is cached for CHOICES_TTL seconds, not run per page."""
    return cache.get_or_set(
        CHOICES_CACHE_KEY,
        lambda: {"industries": _distinct_values("industry"), "sources": _distinct_values("source")},
        CHOICES_TTL,
    )


def items_for_industries(*, industries: list[str], size: int = 3) -> list[RealtimeMarketTrend]:
    """The newest items of the followed industries (the dashboard's card): one query."""
    if not industries:
        return []
    return list(
        RealtimeMarketTrend.objects.filter(of_industries(industries))
        .only(*ITEM_FIELDS)
        .order_by("-published_at", "-id")[:size]
    )
