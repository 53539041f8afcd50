"""The feeds' tables: the five item tables the ingestion writes (market, business and strategic
trends, the marketing playbook, the news ticker; seed §4 and §12.7), the sources staff configure,
and the industry keyword rules that tag items. docs/intelligence.md tells how they are filled.

The seed's columns stay as the seed has them; the ingestion adds, on each item table:
`url` (the item's link as published) and `published_at` (the trend tables and the playbook; the
ticker has both from the seed), `canonical_url` (the link normalised, unique per table: the
first de-duplication), `industries` (text[]: the source's industries plus the keyword rules')
and `feed_source` (which source brought it; NULL for rows written by hand or by the demo).
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower, Now
from django.utils import timezone

from config.modeling import UUIDModel, choice_check, created_at_field, updated_at_field

PLAYBOOK_TITLE = "🧠 Tactical Marketing Playbook"
PLAYBOOK_SOURCE = "GPT + Curated URLs"
# The feed page's full-text search document (intelligence.feed.search_vector compiles to the
# same expression, so the GIN index below serves it).
SEARCH_CONFIG = "english"


def _createdat() -> models.DateTimeField:
    field = created_at_field()
    field.db_column = "createdat"
    return field


def _published_at() -> models.DateTimeField:
    """When the item was published (the feed's date; the fetch time when it gives none)."""
    return models.DateTimeField(default=timezone.now, db_default=Now())


class FeedItem(UUIDModel):
    """The ingestion's columns, shared by the five item tables."""

    canonical_url = models.TextField(null=True, blank=True, editable=False)
    industries = ArrayField(models.TextField(), default=list, db_default=[], blank=True)
    feed_source = models.ForeignKey(
        "intelligence.FeedSource",
        db_column="feed_source_id",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


def _item_indexes(prefix: str, *, search: bool = False) -> list:
    """The page's lists: newest first with the id as tie-breaker, and industries (GIN)."""
    indexes = [
        models.Index(
            models.F("published_at").desc(), models.F("id").desc(), name=f"{prefix}_pub_idx"
        ),
        GinIndex(fields=["industries"], name=f"{prefix}_inds_gin"),
    ]
    if search:
        indexes.append(
            GinIndex(
                SearchVector("title", "insight", config=SEARCH_CONFIG), name=f"{prefix}_search_gin"
            )
        )
    return indexes


def _canonical_unique(table: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(
        fields=["canonical_url"],
        condition=models.Q(canonical_url__isnull=False),
        name=f"{table}_canonical_url_uniq",
    )


class RealtimeMarketTrend(FeedItem):
    """realtime_market_trends (§4.1): the intelligence page's feed items."""

    title = models.TextField(null=True, blank=True)
    insight = models.TextField(null=True, blank=True)
    source = models.TextField(null=True, blank=True)
    created_at = _createdat()
    industry = models.TextField(null=True, blank=True)
    url = models.TextField(null=True, blank=True)
    published_at = _published_at()

    class Meta:
        db_table = "realtime_market_trends"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["industry", "-created_at"], name="rt_market_trends_ind_idx"),
            *_item_indexes("rt_market", search=True),
        ]
        constraints = [_canonical_unique("realtime_market_trends")]


class RealtimeBusinessTrend(FeedItem):
    """realtime_business_trends (§4.2)."""

    title = models.TextField(null=True, blank=True)
    industry = models.TextField(null=True, blank=True)
    insight = models.TextField(null=True, blank=True)
    source = models.TextField(null=True, blank=True)
    created_at = _createdat()
    url = models.TextField(null=True, blank=True)
    published_at = _published_at()

    class Meta:
        db_table = "realtime_business_trends"
        ordering = ["-created_at"]
        indexes = _item_indexes("rt_business")
        constraints = [_canonical_unique("realtime_business_trends")]


class RealtimeMarketingPlaybook(FeedItem):
    """realtime_marketing_playbook (§4.3)."""

    title = models.TextField(default=PLAYBOOK_TITLE, db_default=PLAYBOOK_TITLE, null=True)
    insight = models.TextField(null=True, blank=True)
    source = models.TextField(default=PLAYBOOK_SOURCE, db_default=PLAYBOOK_SOURCE, null=True)
    created_at = _createdat()
    url = models.TextField(null=True, blank=True)
    published_at = _published_at()

    class Meta:
        db_table = "realtime_marketing_playbook"
        ordering = ["-created_at"]
        indexes = _item_indexes("rt_playbook")
        constraints = [_canonical_unique("realtime_marketing_playbook")]


class BusinessNewsTicker(FeedItem):
    """business_news_ticker (§4.4): readable by any signed-in user, written by the service."""

    title = models.TextField()
    url = models.TextField(null=True, blank=True)
    source = models.TextField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = created_at_field()
    updated_at = updated_at_field()

    class Meta:
        db_table = "business_news_ticker"
        ordering = ["-published_at"]
        verbose_name_plural = "business news ticker"
        # Its three documented indexes are created in the migration (names over 30 characters).
        indexes = [GinIndex(fields=["industries"], name="news_ticker_inds_gin")]
        constraints = [_canonical_unique("business_news_ticker")]


class RealtimeStrategicTrend(FeedItem):
    """realtime_strategic_trends: strategy-level trends (regulation, capital, consolidation)."""

    title = models.TextField()
    industry = models.TextField(blank=True, default="")
    insight = models.TextField(blank=True, default="")
    impact = models.TextField(default="medium", db_default="medium")
    horizon = models.TextField(blank=True, default="")
    source = models.TextField(blank=True, default="")
    created_at = created_at_field()
    url = models.TextField(null=True, blank=True)
    published_at = _published_at()

    class Meta:
        db_table = "realtime_strategic_trends"
        ordering = ["-created_at"]
        indexes = _item_indexes("rt_strategic")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(impact__in=["high", "medium", "low"]),
                name="realtime_strategic_trends_impact_check",
            ),
            _canonical_unique("realtime_strategic_trends"),
        ]


class Trend(models.Model):
    """trends (legacy, §15): trend items of the first version."""

    id = models.UUIDField(primary_key=True)
    title = models.TextField(null=True, blank=True)
    description = models.TextField(null=True, blank=True)
    industry = models.TextField(null=True, blank=True)
    source = models.TextField(null=True, blank=True)
    createdat = models.DateTimeField(null=True, blank=True)

    class Meta:
        managed = False
        db_table = "trends"
        ordering = ["-createdat"]

    def __str__(self) -> str:
        return str(self.pk)


class FeedKind(models.TextChoices):
    RSS = "rss", "RSS"
    ATOM = "atom", "Atom"
    JSON = "json", "JSON Feed"


class FeedTarget(models.TextChoices):
    MARKET = "market", "Market trends"
    BUSINESS = "business", "Business trends"
    STRATEGIC = "strategic", "Strategic trends"
    PLAYBOOK = "playbook", "Marketing playbook"
    TICKER = "ticker", "News ticker"


class FeedStatus(models.TextChoices):
    NEW = "new", "Not fetched yet"
    OK = "ok", "OK"
    NOT_MODIFIED = "not_modified", "Not modified"
    FAILING = "failing", "Failing"


class FeedSource(UUIDModel):
    """feed_sources (not in the seed): an RSS, Atom or JSON Feed URL staff configure, the table
    it feeds, its industries, how often it is fetched, and its fetch state (conditional GET
    validators, last outcome, the backoff's failures and next try)."""

    Kind = FeedKind
    Target = FeedTarget
    Status = FeedStatus

    name = models.CharField(max_length=200)
    url = models.URLField(max_length=2000, unique=True)
    kind = models.CharField(max_length=10, choices=FeedKind.choices, default=FeedKind.RSS)
    industries = ArrayField(models.TextField(), default=list, db_default=[], blank=True)
    target = models.CharField(max_length=20, choices=FeedTarget.choices, default=FeedTarget.MARKET)
    refresh_minutes = models.PositiveIntegerField(default=60)
    enabled = models.BooleanField(default=True)
    etag = models.TextField(blank=True, default="", editable=False)
    last_modified = models.TextField(blank=True, default="", editable=False)
    status = models.CharField(
        max_length=20, choices=FeedStatus.choices, default=FeedStatus.NEW, editable=False
    )
    last_fetched_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(blank=True, default="", editable=False)
    consecutive_failures = models.PositiveIntegerField(default=0, editable=False)
    next_fetch_at = models.DateTimeField(default=timezone.now, db_default=Now())
    created_at = created_at_field()
    updated_at = updated_at_field()

    class Meta:
        db_table = "feed_sources"
        ordering = ["name"]
        indexes = [models.Index(fields=["enabled", "next_fetch_at"], name="feed_sources_due_idx")]
        constraints = [
            choice_check("feed_sources", "kind", FeedKind),
            choice_check("feed_sources", "target", FeedTarget),
            choice_check("feed_sources", "status", FeedStatus),
            models.CheckConstraint(
                condition=models.Q(refresh_minutes__gte=1), name="feed_sources_refresh_check"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """A URL that is not http(s) or whose host resolves to a private, loopback, link-local,
        multicast or reserved address is refused (and again at fetch time: intelligence.net)."""
        from intelligence import net

        if self.url:
            try:
                net.check_url(self.url)
            except net.UnsafeURL as exc:
                raise ValidationError({"url": str(exc)}) from exc


class IndustryKeywordRule(UUIDModel):
    """industry_keyword_rules (not in the seed): an item whose title or text contains `keyword`
    (whole words, any case) is tagged with `industry`. Staff edit them in the admin."""

    industry = models.TextField()
    keyword = models.TextField()
    enabled = models.BooleanField(default=True)
    created_at = created_at_field()

    class Meta:
        db_table = "industry_keyword_rules"
        ordering = ["industry", "keyword"]
        constraints = [
            models.UniqueConstraint(
                "industry", Lower("keyword"), name="industry_keyword_rules_uniq"
            ),
            models.CheckConstraint(
                condition=~models.Q(keyword="") & ~models.Q(industry=""),
                name="industry_keyword_rules_nonempty_check",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.keyword} → {self.industry}"
