"""The demo's market intelligence: a few hundred feed items across industries over the last
two weeks, headlines for the ticker, business and strategic trends, the playbook, listed
companies with quotes (the local file), quotes of the day and a roadmap entry, so the
intelligence page and the dashboard's card are alive on first run. Idempotent: a second
seed_demo adds nothing."""

from __future__ import annotations

import csv
import random
from datetime import timedelta

from django.utils import timezone

from events.audit import audited_bulk_create
from intelligence.management.commands.import_stock_symbols import DEFAULT_FILE
from intelligence.models import (
    BusinessNewsTicker,
    InspirationalQuote,
    RealtimeBusinessTrend,
    RealtimeMarketingPlaybook,
    RealtimeMarketTrend,
    RealtimeStrategicTrend,
    RoadmapUpdate,
)
from intelligence.reference import stock_symbol_upsert

DEMO_SOURCE = "Demo feed"
ITEMS = 300
INDUSTRIES = ["saas", "Retail", "Technology", "Finance", "Healthcare", "Manufacturing"]
SUBJECTS = ["Pricing", "Hiring", "Demand", "Supply chain", "Regulation", "Funding", "Churn"]
MOVES = ["rises", "softens", "shifts to usage-based models", "tightens", "rebounds", "stalls"]
QUOTES = [
    ("What gets measured gets managed.", "Peter Drucker"),
    ("The best way to predict the future is to create it.", "Peter Drucker"),
    ("Strategy is about making choices, trade-offs.", "Michael Porter"),
    ("Culture eats strategy for breakfast.", "attributed to Peter Drucker"),
    (
        "If you can't describe what you are doing as a process, you don't know what you're doing.",
        "W. Edwards Deming",
    ),
    (
        "Growth is never by mere chance; it is the result of forces working together.",
        "James Cash Penney",
    ),
    ("Make every detail perfect and limit the number of details to perfect.", "Jack Dorsey"),
    ("Your most unhappy customers are your greatest source of learning.", "Bill Gates"),
    ("Done is better than perfect.", "Sheryl Sandberg"),
    ("Focus is saying no.", "Steve Jobs"),
]


def seed_intelligence_demo() -> None:
    if RealtimeMarketTrend.objects.filter(source=DEMO_SOURCE).exists():
        return
    rng, now = random.Random(13), timezone.now()
    items = []
    for i in range(ITEMS):
        industry, subject = rng.choice(INDUSTRIES), rng.choice(SUBJECTS)
        items.append(
            RealtimeMarketTrend(
                title=f"{subject} in {industry} {rng.choice(MOVES)}",
                insight=f"{subject} moved this week in {industry}: buyers and vendors adjust "
                "budgets, contracts and hiring plans.",
                industry=industry,
                industries=[industry],
                source=rng.choice([DEMO_SOURCE, "Analyst briefing", "Trade press"]),
                published_at=now - timedelta(minutes=i * 67),
            )
        )
    items[0].source = DEMO_SOURCE  # the marker the idempotency check looks for
    audited_bulk_create(RealtimeMarketTrend, items)
    BusinessNewsTicker.objects.bulk_create(
        BusinessNewsTicker(
            title=item.title,
            source=item.source,
            published_at=item.published_at,
            industries=item.industries,
            url="",
        )
        for item in items[:30]
    )
    for industry in INDUSTRIES:
        RealtimeBusinessTrend.objects.create(
            title=f"Buyers in {industry} consolidate vendors",
            industry=industry,
            insight="Fewer, larger contracts: expect longer sales cycles.",
            source=DEMO_SOURCE,
        )
        RealtimeStrategicTrend.objects.create(
            title=f"New rules reach {industry}",
            industry=industry,
            impact="high",
            horizon="12 months",
            insight="Plan for compliance costs.",
            source=DEMO_SOURCE,
        )
    RealtimeMarketingPlaybook.objects.create(
        insight="Lead with a pricing page that shows usage tiers; follow up within a day."
    )
    _reference_data()


def _reference_data() -> None:
    for quote, author in QUOTES:
        InspirationalQuote.objects.get_or_create(quote=quote, defaults={"author": author})
    with open(DEFAULT_FILE, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            stock_symbol_upsert(**row)
    RoadmapUpdate.objects.get_or_create(
        title="Market intelligence",
        defaults={
            "body": "Live feeds per industry, a news ticker, trends and an hourly digest.",
            "status": "released",
            "released_at": timezone.localdate(),
        },
    )
