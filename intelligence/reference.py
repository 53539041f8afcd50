"""Reference data (seed §12.2): stock symbols per industry with their quotes, the quote of the
day, and the roadmap's "What's new".

Quotes of listed companies come from a provider (`QuoteProvider`): the default reads a local
CSV (settings.INTELLIGENCE_QUOTES_FILE: symbol,price,change_pct,as_of), so the product never
needs the network; another provider is a dotted path in settings.INTELLIGENCE_QUOTE_PROVIDER.
"""

from __future__ import annotations

import csv
import logging
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Q, Subquery
from django.utils import timezone
from django.utils.module_loading import import_string

from intelligence.models import IndustryStockSymbol, InspirationalQuote, RoadmapRead, RoadmapUpdate

logger = logging.getLogger(__name__)

SYMBOLS_SHOWN = 8
ROADMAP_SHOWN = 10


@dataclass(frozen=True)
class StockQuote:
    symbol: str
    price: Decimal
    change_pct: Decimal
    as_of: str


class QuoteProvider(Protocol):
    def quotes(self, symbols: list[str]) -> dict[str, StockQuote]: ...


class LocalFileQuoteProvider:
    """Quotes from a CSV file on disk (symbol,price,change_pct,as_of); unknown symbols have
    none. A missing or malformed file gives no quotes, never an error on the page."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path or settings.INTELLIGENCE_QUOTES_FILE)

    def quotes(self, symbols: list[str]) -> dict[str, StockQuote]:
        table = _read_quotes(str(self.path), _mtime(self.path))
        return {s: table[s.upper()] for s in symbols if s.upper() in table}


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


@lru_cache(maxsize=4)
def _read_quotes(path: str, mtime: float) -> dict[str, StockQuote]:
    """Parsed once per file version (the mtime is part of the cache key)."""
    table: dict[str, StockQuote] = {}
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                try:
                    symbol = (row.get("symbol") or "").strip().upper()
                    table[symbol] = StockQuote(
                        symbol=symbol,
                        price=Decimal(row["price"]),
                        change_pct=Decimal(row.get("change_pct") or "0"),
                        as_of=(row.get("as_of") or "").strip(),
                    )
                except (KeyError, InvalidOperation, TypeError):
                    continue
    except OSError:
        logger.info("No quotes file at %s", path)
    return table


def quote_provider() -> QuoteProvider:
    return import_string(settings.INTELLIGENCE_QUOTE_PROVIDER)()


def symbols_for_industry(*, industry: str, size: int = SYMBOLS_SHOWN) -> list[dict]:
    """The industry's listed companies with their latest quote (one query + the provider)."""
    if not industry:
        return []
    rows = list(IndustryStockSymbol.objects.filter(industry__iexact=industry)[:size])
    quotes = quote_provider().quotes([r.symbol for r in rows])
    return [{"symbol": r, "quote": quotes.get(r.symbol)} for r in rows]


def quote_of_the_day(*, day: date | None = None) -> InspirationalQuote | None:
    """The same quote all day, and never the same twice in seven days while there are at least
    seven active quotes: the day's number modulo their count indexes them in a fixed order, so
    seven consecutive days pick seven different ones. Deterministic: no state, two queries."""
    day = day or timezone.localdate()
    active = InspirationalQuote.objects.filter(is_active=True).order_by("created_at", "id")
    count = active.count()
    if not count:
        return None
    return active[day.toordinal() % count]


def roadmap_published(*, size: int = ROADMAP_SHOWN) -> list[RoadmapUpdate]:
    return list(RoadmapUpdate.objects.order_by("-created_at", "-id")[:size])


def roadmap_unread(*, user) -> bool:
    """True when an update was published after the user last read "What's new" (one query)."""
    reads = RoadmapRead.objects.filter(user=user)
    last = Subquery(reads.values("last_read_at")[:1])
    return RoadmapUpdate.objects.filter(Q(created_at__gt=last) | ~Exists(reads)).exists()


@transaction.atomic
def roadmap_mark_read(*, user) -> RoadmapRead:
    """The user has read "What's new" now: the dot goes until the next update."""
    row, _ = RoadmapRead.objects.update_or_create(
        user=user, defaults={"last_read_at": timezone.now()}
    )
    return row


def stock_symbol_upsert(*, industry: str, symbol: str, company_name: str, exchange: str = ""):
    """Create or update one (industry, symbol); None (skipped) when a required value is empty."""
    industry, symbol, company_name = industry.strip(), symbol.strip().upper(), company_name.strip()
    if not (industry and symbol and company_name) or len(symbol) > 20:
        return None
    row, _ = IndustryStockSymbol.objects.update_or_create(
        industry=industry,
        symbol=symbol,
        defaults={"company_name": company_name, "exchange": exchange.strip()[:20]},
    )
    return row
