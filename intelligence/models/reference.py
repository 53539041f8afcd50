"""Reference data (seed §12.2): stock symbols per industry, quotes, the product roadmap."""

from __future__ import annotations

from django.db import models

from config.modeling import UserOwnedModel, UUIDModel, created_at_field, updated_at_field


class IndustryStockSymbol(UUIDModel):
    """industry_stock_symbols: listed companies to watch per industry."""

    industry = models.TextField()
    symbol = models.CharField(max_length=20)
    company_name = models.TextField()
    exchange = models.CharField(max_length=20, blank=True, default="")
    created_at = created_at_field()

    class Meta:
        db_table = "industry_stock_symbols"
        ordering = ["industry", "symbol"]
        constraints = [
            models.UniqueConstraint(
                fields=["industry", "symbol"], name="industry_stock_symbols_ind_symbol_uniq"
            )
        ]


class InspirationalQuote(UUIDModel):
    quote = models.TextField()
    author = models.TextField(blank=True, default="")
    category = models.TextField(blank=True, default="")
    is_active = models.BooleanField(default=True)
    created_at = created_at_field()

    class Meta:
        db_table = "inspirational_quotes"


class RoadmapUpdate(UUIDModel):
    """roadmap_updates: product roadmap news shown to customers."""

    title = models.TextField()
    body = models.TextField(blank=True, default="")
    status = models.TextField(default="planned", db_default="planned")
    released_at = models.DateField(null=True, blank=True)
    created_at = created_at_field()
    updated_at = updated_at_field()

    class Meta:
        db_table = "roadmap_updates"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["planned", "in_progress", "released"]),
                name="roadmap_updates_status_check",
            )
        ]


class RoadmapRead(UserOwnedModel):
    """roadmap_reads (not in the seed): when a user last read "What's new", for its unread dot."""

    last_read_at = models.DateTimeField()

    class Meta:
        db_table = "roadmap_reads"
        constraints = [models.UniqueConstraint(fields=["user"], name="roadmap_reads_user_uniq")]
