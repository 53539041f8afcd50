"""Insight text: the offline summary, why_it_matters, and the OpenAI-compatible provider against
a fake server at the edge of the process (pytest-httpserver), each call in ai_analytics."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from intelligence import insights
from intelligence.feed_parsing import ParsedItem
from intelligence.models import AiAnalytics, RealtimeMarketTrend

pytestmark = pytest.mark.django_db

ITEM = ParsedItem(
    title="Instant payments reach half of European banks",
    url="https://news.example.com/a",
    summary="Half of the banks offer instant transfers. Merchants settle in seconds. Fees fall.",
    industries=["fintech", "retail"],
)


def test_the_offline_summary_is_the_lead_the_source_and_the_industries(settings):
    settings.AI_PROVIDER = "offline"
    [text] = insights.summarise_items([ITEM], source="Fintech Wire")
    assert text == (
        "Half of the banks offer instant transfers. Merchants settle in seconds. "
        "(Source: Fintech Wire; industries: fintech, retail.)"
    )
    row = AiAnalytics.objects.get()
    assert (row.provider, row.request_count, row.token_count, row.cost_usd) == (
        "offline",
        1,
        0,
        Decimal(0),
    )


def test_why_it_matters_names_the_weakest_category():
    item = RealtimeMarketTrend(title="t", industries=["fintech"])
    assert insights.why_it_matters(item, "marketing_effectiveness") == (
        "Why it matters: a move in fintech; it shows what buyers respond to now, where your "
        "marketing score is weakest."
    )
    assert "pricing, your weakest category" in insights.why_it_matters(item, "pricing")
    assert insights.why_it_matters(item, "").startswith("Why it matters: a move in fintech")


def test_the_openai_compatible_provider_is_called_and_its_cost_recorded(httpserver, settings):
    settings.AI_PROVIDER = "openai"
    settings.AI_PROVIDER_URL = httpserver.url_for("/v1")
    settings.AI_API_KEY = "test-key"  # not a secret: the fake server's
    settings.AI_MODEL = "small-model"
    settings.AI_PRICE_PER_1K_TOKENS_USD = "0.5"
    httpserver.expect_request(
        "/v1/chat/completions", method="POST", headers={"Authorization": "Bearer test-key"}
    ).respond_with_json(
        {
            "choices": [{"message": {"content": "Banks race to instant."}}],
            "usage": {"total_tokens": 120},
        }
    )

    [text] = insights.summarise_items([ITEM], source="Fintech Wire")

    assert text == "Banks race to instant."
    sent = json.loads(httpserver.log[0][0].data)
    assert sent["model"] == "small-model" and "Fintech Wire" in sent["messages"][0]["content"]
    row = AiAnalytics.objects.get()
    assert (row.provider, row.model, row.token_count, row.success_rate) == (
        "openai",
        "small-model",
        120,
        1,
    )
    assert row.cost_usd == Decimal("0.060000")  # 120 tokens x 0.5 USD / 1000


def test_a_failing_provider_falls_back_to_the_offline_text_and_is_recorded(httpserver, settings):
    settings.AI_PROVIDER = "openai"
    settings.AI_PROVIDER_URL = httpserver.url_for("/v1")
    httpserver.expect_request("/v1/chat/completions").respond_with_data("down", status=503)

    [text] = insights.summarise_items([ITEM], source="Fintech Wire")

    assert text.endswith("(Source: Fintech Wire; industries: fintech, retail.)")
    row = AiAnalytics.objects.get()
    assert (row.success_rate, row.cost_usd) == (0, 0)
