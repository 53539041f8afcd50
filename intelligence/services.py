"""Writes of market intelligence: keyword-only, atomic, one business action each."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from events.services import event_record
from intelligence.models import RealtimeMarketTrend


@transaction.atomic
def trend_publish(
    *, title: str, insight: str = "", industry: str = "", source: str = ""
) -> RealtimeMarketTrend:
    """Publish a market trend; users following its industry are notified (trend.new)."""
    trend = RealtimeMarketTrend.objects.create(
        title=title, insight=insight, industry=industry or None, source=source
    )
    if industry:
        event_record(
            event_type="trend.new",
            source="intelligence",
            data={
                "trend_id": str(trend.pk),
                "industry": industry,
                "title": title,
                "link": reverse("dashboards:home"),
            },
        )
    return trend
