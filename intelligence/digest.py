"""The hourly digest: each user who follows an industry gets at most one notification per hour
summarising the new items of the industries they follow (not one per item or trend, so a feed
burst of a hundred items is one notification).

The beat sweep (`intelligence.tasks.send_digests`, hourly) summarises the last whole hour. The
notification's idempotency key names the user and the hour, and (user, key) is unique, so a
rerun of the same hour, or two workers running it, writes nothing new. Any active row naming an
industry follows it (whatever its topic: rows older than intelligence.follows have topics such
as "market"); source follows name none. Users with the same set of industries share one draft
and are written in bulk (notifications' fan-out).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from django.db.models import F, Func
from django.urls import reverse
from django.utils import timezone

from config import tenancy
from intelligence.models import RealtimeMarketTrend, RealtimeSubscription
from notifications.models import NotificationType, Priority
from notifications.services import NotificationDraft, notifications_fan_out_unscoped

TITLES_PER_INDUSTRY = 3
FOLLOWS_CHUNK = 5000


def digest_window(now: datetime | None = None) -> tuple[datetime, datetime]:
    """The last whole hour before `now`: [start, end)."""
    end = (now or timezone.now()).replace(minute=0, second=0, microsecond=0)
    return end - timedelta(hours=1), end


def _tagged(start: datetime, end: datetime):
    """(industry, title) of each item of the window and each of its industries: the tags the
    ingestion wrote, or the seed's single column on rows without tags."""
    window = RealtimeMarketTrend.objects.filter(created_at__gte=start, created_at__lt=end)
    tags = window.annotate(tag=Func(F("industries"), function="unnest")).values_list("tag", "title")
    legacy = (
        window.filter(industries=[], industry__isnull=False)
        .exclude(industry="")
        .values_list("industry", "title")
    )
    for query in (tags, legacy):
        yield from query.order_by().iterator(chunk_size=2000)


def _news_by_industry(start: datetime, end: datetime) -> dict[str, tuple[int, list[str]]]:
    """{industry: (count, some titles)} of the items created in the window."""
    counts: dict[str, int] = defaultdict(int)
    titles: dict[str, list[str]] = defaultdict(list)
    for industry, title in _tagged(start, end):
        counts[industry] += 1
        if len(titles[industry]) < TITLES_PER_INDUSTRY:
            titles[industry].append(title or "")
    return {industry: (n, titles[industry]) for industry, n in counts.items()}


def _draft(industries: tuple[str, ...], news: dict, start: datetime) -> NotificationDraft:
    total = sum(news[i][0] for i in industries)
    names = ", ".join(industries)
    lines = [f"{i}: {title}" for i in industries for title in news[i][1]][:5]
    return NotificationDraft(
        type=NotificationType.INDUSTRY_TREND,
        title=f"{total} new item{'s' if total != 1 else ''} in {names}"[:200],
        message="; ".join(lines)[:1000],
        priority=Priority.LOW,
        link=reverse("dashboards:home"),
        idempotency_key=f"intelligence.digest:{start:%Y-%m-%dT%H}",
    )


def digests_send_unscoped(*, now: datetime | None = None) -> int:
    """Write the digest of the last whole hour for every follower with news; return the number
    of notifications created now. Across users by design (a sweep)."""
    start, end = digest_window(now)
    with tenancy.unscoped():
        news = _news_by_industry(start, end)
        if not news:
            return 0
        followed: dict = defaultdict(set)
        rows = (
            RealtimeSubscription.objects_unscoped.filter(
                industry__in=list(news), is_active=True, user__is_active=True
            )
            .values_list("user_id", "industry")
            .order_by("user_id")
        )
        for user_id, industry in rows.iterator(chunk_size=FOLLOWS_CHUNK):
            followed[user_id].add(industry)
        groups: dict[tuple[str, ...], list] = defaultdict(list)
        for user_id, industries in followed.items():
            groups[tuple(sorted(industries))].append(user_id)
        created = 0
        for industries, user_ids in groups.items():
            draft = _draft(industries, news, start)
            created += len(notifications_fan_out_unscoped(user_ids=user_ids, draft=draft))
    return created
