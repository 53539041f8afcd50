"""The text of trend insights and the playbook: a summary of each ingested item, written by a
provider, and `why_it_matters(item, weakest_category)` for the page to say, per user, why an item
matters for their weakest score category (computed at render time, nothing stored per user).

Providers (settings.AI_PROVIDER):
- "offline" (default): no network. The item's lead sentences (at most two, 320 characters),
  its source and its industries: "<lead> (Source: X; industries: a, b.)".
- "openai": an OpenAI-compatible chat completions API (AI_PROVIDER_URL, AI_API_KEY, AI_MODEL);
  when a call fails the offline text is used, so ingestion never stops on the provider.
Every call is recorded in ai_analytics (provider, model, tokens, latency, success, cost =
tokens x AI_PRICE_PER_1K_TOKENS_USD / 1000; zero for offline, whose batch is one row).
"""

from __future__ import annotations

import logging
import re
import time
from decimal import Decimal

import httpx
from django.conf import settings

from intelligence.models import AiAnalytics

logger = logging.getLogger(__name__)
LEAD_SENTENCES = 2
LEAD_MAX = 320
CATEGORY_ANGLES = {
    "strategy": "it changes where your market is heading, where your strategy score is weakest",
    "marketing": "it shows what buyers respond to now, where your marketing score is weakest",
    "sales": "it moves how buyers decide, where your sales score has the most room",
    "operations": "it affects cost and delivery, where your operations score lags",
    "technology": "it shifts the tools your peers adopt, where your technology score trails",
    "customer": "it changes what customers expect, where your customer experience score lags",
    "leadership": "it asks for decisions from leadership, your weakest category",
    "finance": "it touches margins and cash, where your finance score is weakest",
}


def lead_sentences(text: str, *, count: int = LEAD_SENTENCES, limit: int = LEAD_MAX) -> str:
    sentences = re.split(r"(?<=[.!?])\s+", (text or "").strip())
    lead = " ".join(s for s in sentences[:count] if s)
    if len(lead) > limit:
        lead = lead[: limit - 1].rsplit(" ", 1)[0] + "…"
    return lead


def offline_summary(*, title: str, summary: str, source: str, industries: list[str]) -> str:
    lead = lead_sentences(summary) or title
    facts = [f"Source: {source}"] if source else []
    if industries:
        facts.append("industries: " + ", ".join(industries))
    return f"{lead} ({'; '.join(facts)}.)" if facts else lead


def why_it_matters(item, weakest_category: str) -> str:
    """One sentence for the user whose weakest score category is `weakest_category` (any of
    the score's category keys or labels; an unknown one gets the general sentence)."""
    industries = list(getattr(item, "industries", None) or [])
    where = f" in {', '.join(industries[:2])}" if industries else ""
    key = (weakest_category or "").lower()
    angle = next((text for name, text in CATEGORY_ANGLES.items() if name in key), "")
    if not angle and key:
        angle = f"it bears on {weakest_category}, your weakest category"
    if not angle:
        return f"Why it matters: a move{where} your competitors will react to."
    return f"Why it matters: a move{where}; {angle}."


def _record(*, provider, model, tokens, latency_ms, success, requests=1, metadata=None):
    price = Decimal(settings.AI_PRICE_PER_1K_TOKENS_USD) if provider != "offline" else Decimal(0)
    AiAnalytics.objects.create(
        provider=provider,
        model=model,
        request_count=requests,
        token_count=tokens,
        latency_ms=latency_ms,
        success_rate=Decimal(1 if success else 0),
        cost_usd=(price * tokens / 1000).quantize(Decimal("0.000001")),
        metadata=metadata or {},
    )


def _openai_summary(*, title, summary, source, industries) -> tuple[str, int]:
    prompt = (
        "Summarise this news item for a business owner in two sentences, then name who it "
        f"affects.\nTitle: {title}\nSource: {source}\nIndustries: {', '.join(industries)}\n"
        f"Text: {summary[:2000]}"
    )
    response = httpx.post(
        settings.AI_PROVIDER_URL.rstrip("/") + "/chat/completions",
        headers={"Authorization": f"Bearer {settings.AI_API_KEY}"},
        json={"model": settings.AI_MODEL, "messages": [{"role": "user", "content": prompt}]},
        timeout=settings.AI_TIMEOUT_SECONDS,
        trust_env=False,
    )
    response.raise_for_status()
    body = response.json()
    text = body["choices"][0]["message"]["content"].strip()
    tokens = int((body.get("usage") or {}).get("total_tokens") or 0)
    return text, tokens


def summarise_items(items: list, *, source: str, context: dict | None = None) -> list[str]:
    """The insight text of each parsed item (title, summary, industries), in order."""
    texts = []
    if settings.AI_PROVIDER == "openai" and settings.AI_PROVIDER_URL:
        for item in items:
            started = time.monotonic()
            args = {
                "title": item.title,
                "summary": item.summary,
                "source": source,
                "industries": item.industries,
            }
            try:
                text, tokens = _openai_summary(**args)
                success = True
            except (httpx.HTTPError, KeyError, IndexError, TypeError, ValueError) as exc:
                logger.warning("AI provider failed, offline summary used: %s", exc)
                text, tokens, success = offline_summary(**args), 0, False
            _record(
                provider="openai",
                model=settings.AI_MODEL,
                tokens=tokens,
                latency_ms=int((time.monotonic() - started) * 1000),
                success=success,
                metadata={"purpose": "feed_item_summary", **(context or {})},
            )
            texts.append(text)
        return texts
    texts = [
        offline_summary(title=i.title, summary=i.summary, source=source, industries=i.industries)
        for i in items
    ]
    if texts:
        _record(
            provider="offline",
            model="lead-sentences",
            tokens=0,
            latency_ms=0,
            success=True,
            requests=len(texts),
            metadata={"purpose": "feed_item_summary", **(context or {})},
        )
    return texts
