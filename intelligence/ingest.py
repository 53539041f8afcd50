"""Feed ingestion: fetch one source, store its new items, record what happened.

One source, one fetch (`feed_source_fetch_unscoped`), run by its own Celery task
(intelligence.tasks.fetch_feed_source_unscoped) that the every-minute beat sweep
(`fetch_due_feeds_unscoped`) enqueues for each due source, or by the `intelligence_fetch`
command. A source is never fetched twice at once nor before it is due (it is claimed under a
SKIP LOCKED row lock, see below), so a task delivered twice does nothing the second time. A
failing source -- dead, slow, redirect loop, HTML, too large, refused address, HTTP error -- is
recorded on its row (last error, status failing, consecutive failures) and tried again after
an exponential backoff (INTELLIGENCE_FEED_BACKOFF_BASE_MINUTES x 2^(failures-1), at most
..._MAX_MINUTES); it never blocks another source, each being its own task (or its own
try/except in the command).

What one fetch stores: items whose canonical URL is not in the target table yet and whose title
is not near-identical to a recent title of that table (intelligence.feed_parsing), tagged with
the source's industries plus the keyword rules', with the provider's insight text
(intelligence.insights).

Records, for others to read:
- realtime_events (org NULL, channel "intelligence.ingestion"): one row per fetch,
  event_type "feed.fetched" (payload: source_id, source, target, new, duplicates, status) or
  "feed.failed" (payload: source_id, source, error). The admin's chart sums them per hour.
- events (events.services.event_record): ONE "feed.items_new" event per fetch that stored
  items (never one per item, so a burst of 300 items is one event), data: source_id, source,
  target (market/business/strategic/playbook/ticker), table, item_ids (list of uuid strings),
  industries (the union of the items'). The hourly digest can read these instead of trend.new.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from config import tenancy
from events.audit import audited_bulk_create, audited_update
from events.services import event_record
from intelligence import feed_parsing, insights, net
from intelligence.models import (
    BusinessNewsTicker,
    FeedSource,
    IndustryKeywordRule,
    RealtimeBusinessTrend,
    RealtimeEvent,
    RealtimeMarketingPlaybook,
    RealtimeMarketTrend,
    RealtimeStrategicTrend,
)

logger = logging.getLogger(__name__)
CHANNEL = "intelligence.ingestion"
ITEMS_EVENT = "feed.items_new"
# Near-duplicates are looked for among this many newest titles of the target table.
RECENT_TITLES = 500
ERROR_MAX = 2000
# A claimed source is not due again for the fetch's budget plus this margin.
CLAIM_MARGIN_SECONDS = 60
TARGET_MODELS = {
    FeedSource.Target.MARKET: RealtimeMarketTrend,
    FeedSource.Target.BUSINESS: RealtimeBusinessTrend,
    FeedSource.Target.STRATEGIC: RealtimeStrategicTrend,
    FeedSource.Target.PLAYBOOK: RealtimeMarketingPlaybook,
    FeedSource.Target.TICKER: BusinessNewsTicker,
}


@dataclass(frozen=True)
class FetchOutcome:
    source_id: str
    status: str  # ok, not_modified, failing, skipped (not due or being fetched)
    new: int = 0
    duplicates: int = 0
    error: str = ""


def backoff_minutes(failures: int) -> int:
    base = settings.INTELLIGENCE_FEED_BACKOFF_BASE_MINUTES
    cap = settings.INTELLIGENCE_FEED_BACKOFF_MAX_MINUTES
    return min(cap, base * 2 ** max(0, min(failures, 30) - 1))


def due_source_ids(*, now=None) -> list[str]:
    now = now or timezone.now()
    return [
        str(pk)
        for pk in FeedSource.objects.filter(enabled=True, next_fetch_at__lte=now)
        .order_by("next_fetch_at")
        .values_list("pk", flat=True)
    ]


def feed_source_fetch_unscoped(*, source_id, force: bool = False) -> FetchOutcome:
    """Fetch one source now (when due, or `force`), store its new items, record the outcome.
    Unscoped: it writes global items and platform rows (realtime_events with org NULL).

    The source is claimed first in a short transaction (locked SKIP LOCKED, must be due, its
    next try moved past the fetch's budget), so a second task for it skips and no transaction
    stays open while the network is read; the outcome is written in a second transaction."""
    with tenancy.unscoped():
        source = _claim(source_id, force=force)
        if source is None:
            return FetchOutcome(str(source_id), "skipped")
        try:
            fetched = net.fetch(source.url, etag=source.etag, last_modified=source.last_modified)
            items = (
                []
                if fetched.status == 304
                else feed_parsing.parse_feed(
                    fetched.body, content_type=fetched.content_type, kind=source.kind
                )
            )
        except (net.FetchError, net.UnsafeURL, feed_parsing.NotAFeed) as exc:
            with transaction.atomic():
                return _failed_unscoped(source, str(exc))
        except Exception as exc:  # a bug or an unexpected parser error: still only this source
            logger.exception("feed %s failed", source.pk)
            with transaction.atomic():
                return _failed_unscoped(source, f"{type(exc).__name__}: {exc}")
        with transaction.atomic():
            if fetched.status == 304:
                _succeeded(source, fetched, status=FeedSource.Status.NOT_MODIFIED)
                _record_fetched_unscoped(source, new=[], duplicates=0)
                return FetchOutcome(str(source.pk), "not_modified")
            new, duplicates = _store(source, items)
            _succeeded(source, fetched, status=FeedSource.Status.OK)
            _record_fetched_unscoped(source, new=new, duplicates=duplicates)
        return FetchOutcome(str(source.pk), "ok", new=len(new), duplicates=duplicates)


def _claim(source_id, *, force: bool) -> FeedSource | None:
    now = timezone.now()
    with transaction.atomic():
        source = (
            FeedSource.objects.select_for_update(skip_locked=True)
            .filter(pk=source_id, enabled=True)
            .first()
        )
        if source is None or (not force and source.next_fetch_at > now):
            return None
        lease = timedelta(seconds=settings.INTELLIGENCE_FEED_TOTAL_SECONDS + CLAIM_MARGIN_SECONDS)
        audited_update(FeedSource.objects.filter(pk=source.pk), next_fetch_at=now + lease)
    return source


def _succeeded(source: FeedSource, fetched: net.Fetched, *, status: str) -> None:
    now = timezone.now()
    source.status = status
    source.etag = fetched.etag or source.etag
    source.last_modified = fetched.last_modified or source.last_modified
    source.last_fetched_at = source.last_success_at = now
    source.last_error = ""
    source.consecutive_failures = 0
    source.next_fetch_at = now + timedelta(minutes=source.refresh_minutes)
    source.save()


def _failed_unscoped(source: FeedSource, error: str) -> FetchOutcome:
    now = timezone.now()
    source.status = FeedSource.Status.FAILING
    source.last_fetched_at = now
    source.last_error = error[:ERROR_MAX]
    source.consecutive_failures += 1
    source.next_fetch_at = now + timedelta(minutes=backoff_minutes(source.consecutive_failures))
    source.save()
    RealtimeEvent.objects_unscoped.create(
        org=None,
        channel=CHANNEL,
        event_type="feed.failed",
        payload={"source_id": str(source.pk), "source": source.name, "error": error[:500]},
    )
    return FetchOutcome(str(source.pk), "failing", error=error)


def _keyword_rules() -> list[tuple[str, str]]:
    return list(
        IndustryKeywordRule.objects.filter(enabled=True)
        .order_by("industry", "keyword")
        .values_list("industry", "keyword")
    )


def _store(source: FeedSource, items: list) -> tuple[list, int]:
    """Insert the items that are new to the target table; (the new rows, duplicates count)."""
    model = TARGET_MODELS[source.target]
    for item in items:
        item.canonical_url = feed_parsing.canonical_url(item.url)
    known = set(
        model.objects.filter(canonical_url__in=[i.canonical_url for i in items]).values_list(
            "canonical_url", flat=True
        )
    )
    recent = list(
        model.objects.order_by("-published_at").values_list("title", flat=True)[:RECENT_TITLES]
    )
    rules = _keyword_rules()
    fresh, seen_urls = [], set()
    for item in items:
        if item.canonical_url in known or item.canonical_url in seen_urls:
            continue
        if feed_parsing.is_near_duplicate(item.title, recent):
            continue
        item.industries = feed_parsing.tag_industries(
            title=item.title, summary=item.summary, own=list(source.industries), rules=rules
        )
        fresh.append(item)
        seen_urls.add(item.canonical_url)
        recent.append(item.title)
    texts = (
        insights.summarise_items(fresh, source=source.name, context={"source_id": str(source.pk)})
        if source.target != FeedSource.Target.TICKER
        else [""] * len(fresh)
    )
    now = timezone.now()
    rows = [_row(model, source, item, text, now) for item, text in zip(fresh, texts, strict=True)]
    audited_bulk_create(model, rows, ignore_conflicts=True)  # feed items are exempt: a plain insert
    stored = set(model.objects.filter(pk__in=[r.pk for r in rows]).values_list("pk", flat=True))
    new = [r for r in rows if r.pk in stored]
    return new, len(items) - len(new)


def _row(model, source: FeedSource, item, text: str, now):
    fields = {
        "title": item.title,
        "url": item.url,
        "canonical_url": item.canonical_url,
        "source": source.name,
        "industries": item.industries,
        "feed_source": source,
        "published_at": min(item.published_at or now, now),
    }
    if model is not BusinessNewsTicker:
        fields["insight"] = text
    if model in (RealtimeMarketTrend, RealtimeBusinessTrend, RealtimeStrategicTrend):
        fields["industry"] = (
            item.industries[0]
            if item.industries
            else model._meta.get_field("industry").get_default()
        )
    return model(**fields)


def _record_fetched_unscoped(source: FeedSource, *, new: list, duplicates: int) -> None:
    RealtimeEvent.objects_unscoped.create(
        org=None,
        channel=CHANNEL,
        event_type="feed.fetched",
        payload={
            "source_id": str(source.pk),
            "source": source.name,
            "target": source.target,
            "new": len(new),
            "duplicates": duplicates,
            "status": source.status,
        },
    )
    if new:
        event_record(
            event_type=ITEMS_EVENT,
            source="intelligence",
            data={
                "source_id": str(source.pk),
                "source": source.name,
                "target": source.target,
                "table": TARGET_MODELS[source.target]._meta.db_table,
                "item_ids": [str(row.pk) for row in new],
                "industries": sorted({i for row in new for i in row.industries}),
            },
        )


def fetch_due_unscoped(*, now=None) -> list[FetchOutcome]:
    """Fetch every due source in this process, one after the other, each on its own (the
    command's path; the beat sweep enqueues a task per source instead)."""
    outcomes = []
    for source_id in due_source_ids(now=now):
        try:
            outcomes.append(feed_source_fetch_unscoped(source_id=source_id))
        except Exception as exc:  # a database error on one source does not stop the rest
            logger.exception("feed %s could not be fetched", source_id)
            outcomes.append(FetchOutcome(source_id, "failing", error=str(exc)))
    return outcomes


def ingestion_hourly_unscoped(*, hours: int = 24, now=None) -> list[dict]:
    """Per hour of the last `hours` (oldest first): new items and failed fetches, from the
    ingestion's realtime_events rows (platform rows, org NULL: read unscoped). One query."""
    from django.db.models import Count, IntegerField, Q, Sum
    from django.db.models.fields.json import KT
    from django.db.models.functions import Cast, TruncHour

    now = now or timezone.now()
    start = (now - timedelta(hours=hours - 1)).replace(minute=0, second=0, microsecond=0)
    with tenancy.unscoped():
        rows = (
            RealtimeEvent.objects_unscoped.filter(
                org__isnull=True, channel=CHANNEL, created_at__gte=start
            )
            .annotate(hour=TruncHour("created_at"))
            .values("hour")
            .annotate(
                new=Sum(
                    Cast(KT("payload__new"), IntegerField()),
                    filter=Q(event_type="feed.fetched"),
                    default=0,
                ),
                failures=Count("id", filter=Q(event_type="feed.failed")),
            )
        )
        by_hour = {row["hour"]: row for row in rows}
    series = []
    for step in range(hours):
        hour = start + timedelta(hours=step)
        row = by_hour.get(hour, {})
        series.append(
            {"hour": hour, "new": row.get("new") or 0, "failures": row.get("failures", 0)}
        )
    return series
