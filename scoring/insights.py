"""Insights providers: the text of a result's `ai_insights`.

`provider_for_settings()` picks the provider: an OpenAI-compatible chat API when
INSIGHTS_API_BASE_URL and INSIGHTS_API_KEY are set, the offline provider otherwise. Every call is
recorded in ai_analytics (provider, model, tokens, latency, success, cost). A result is scored
with the offline text in its transaction; a remote provider (an HTTP call of up to
INSIGHTS_TIMEOUT_SECONDS) runs only afterwards, in scoring.tasks.refresh_result_insights, and
replaces the text when it succeeds, so scoring never waits for it nor fails because of it.
"""

from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from django.apps import apps
from django.conf import settings

from scoring.engine import NOT_APPLICABLE, Outcome, question_points

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class InsightRequest:
    assessment_type: str
    assessment_label: str
    outcome: Outcome
    questions: list[dict]
    answers: dict
    onboarding: dict = field(default_factory=dict)
    previous_score: Decimal | None = None


@dataclass(frozen=True)
class InsightReply:
    text: str
    tokens: int = 0
    cost_usd: Decimal = Decimal(0)


class InsightsProvider(Protocol):
    name: str
    model: str

    def generate(self, request: InsightRequest) -> InsightReply: ...


class ProviderError(RuntimeError):
    pass


def _answer_label(question: dict, value) -> str:
    if value == NOT_APPLICABLE:
        return "not applicable"
    if question["type"] in ("single", "multi"):
        labels = {o["value"]: o["label"] for o in question.get("options", [])}
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(v, str(v)) for v in values)
    if question["type"] == "likert":
        scale = question.get("scale") or {}
        return f"{value} of {scale.get('max', 5)}"
    if question["type"] == "number":
        unit = (question.get("number") or {}).get("unit", "")
        return f"{value}{unit if unit in ('%',) else (' ' + unit if unit else '')}"
    return str(value)


class OfflineInsightsProvider:
    """Writes the insight from the rubric, the scores and the answers themselves; no network."""

    name = "offline"
    model = "rubric-v1"

    def generate(self, request: InsightRequest) -> InsightReply:
        outcome = request.outcome
        scored = [c for c in outcome.categories if c.score is not None]
        paragraphs = []
        opening = f"{request.assessment_label}: {outcome.score} out of 5. {outcome.description}"
        if request.previous_score is not None:
            delta = outcome.score - request.previous_score
            if delta > 0:
                opening += f" That is {delta} points up on your previous attempt."
            elif delta < 0:
                opening += f" That is {abs(delta)} points down on your previous attempt."
            else:
                opening += " That is unchanged since your previous attempt."
        paragraphs.append(opening)
        if scored:
            best = max(scored, key=lambda c: (c.score, c.key))
            worst = min(scored, key=lambda c: (c.score, c.key))
            paragraphs.append(
                f"Your strongest area is {best.label} ({best.score}); the weakest is "
                f"{worst.label} ({worst.score})."
            )
            evidence = self._lowest_answers(request, worst.key)
            if evidence:
                paragraphs.append(
                    f"In {worst.label.lower()}, these answers pull the score down most: "
                    + "; ".join(evidence)
                    + "."
                )
        texts = [
            (q, request.answers.get(q["key"]))
            for q in request.questions
            if q["type"] == "text" and request.answers.get(q["key"])
        ]
        for _question, value in texts[:1]:
            paragraphs.append(
                f"You told us: “{str(value).strip()[:240]}”. The recommendations below start "
                "where that obstacle and your weakest scores overlap."
            )
        if outcome.recommendations:
            paragraphs.append(f"Start here: {outcome.recommendations[0]}")
        if outcome.confidence < Decimal("0.8"):
            paragraphs.append(
                f"Only {int(outcome.confidence * 100)}% of the weighted questions were answered, "
                "so treat this score as indicative; answering the rest sharpens it."
            )
        return InsightReply(text="\n\n".join(paragraphs))

    @staticmethod
    def _lowest_answers(request: InsightRequest, category: str) -> list[str]:
        rows = []
        for question in request.questions:
            if question.get("category") != category:
                continue
            value = request.answers.get(question["key"])
            points = question_points(question, value)
            if points is not None:
                rows.append((points, question["key"], question, value))
        rows.sort(key=lambda row: (row[0], row[1]))
        return [f"“{q['text'].rstrip('?')}” ({_answer_label(q, v)})" for _, _, q, v in rows[:2]]


class OpenAICompatibleProvider:
    """Any API that speaks OpenAI's /chat/completions (OpenAI, Azure, vLLM, Ollama, …)."""

    name = "openai-compatible"

    def __init__(self, *, base_url: str, api_key: str, model: str, timeout: float, cost: Decimal):
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.model = model
        self.timeout = timeout
        self.cost_per_1k = cost

    def generate(self, request: InsightRequest) -> InsightReply:
        offline = OfflineInsightsProvider().generate(request).text
        payload = {
            "model": self.model,
            "temperature": 0,
            "messages": [
                {
                    "role": "system",
                    "content": (
                        "You are a growth consultant. Explain an assessment result to a company's "
                        "leadership in under 180 words: specific, plain, no flattery, grounded "
                        "only in the data given."
                    ),
                },
                {"role": "user", "content": json.dumps(self._facts(request, offline))},
            ],
        }
        body = json.dumps(payload).encode()
        http_request = urllib.request.Request(  # noqa: S310 (the URL comes from settings)
            f"{self.base_url}/chat/completions",
            data=body,
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.api_key}",
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(http_request, timeout=self.timeout) as response:  # noqa: S310
                data = json.loads(response.read().decode())
            text = data["choices"][0]["message"]["content"].strip()
        except (
            urllib.error.URLError,
            TimeoutError,
            OSError,
            KeyError,
            IndexError,
            ValueError,
        ) as e:
            raise ProviderError(str(e)) from e
        if not text:
            raise ProviderError("The provider returned an empty answer.")
        tokens = int((data.get("usage") or {}).get("total_tokens") or 0)
        cost = (Decimal(tokens) / 1000 * self.cost_per_1k).quantize(Decimal("0.000001"))
        return InsightReply(text=text, tokens=tokens, cost_usd=cost)

    @staticmethod
    def _facts(request: InsightRequest, draft: str) -> dict:
        outcome = request.outcome
        return {
            "assessment": request.assessment_label,
            "score": str(outcome.score),
            "bracket": outcome.bracket,
            "categories": outcome.category_scores_json(),
            "swot": outcome.swot,
            "recommendations": outcome.recommendations,
            "onboarding": request.onboarding,
            "draft": draft,
        }


def provider_for_settings() -> InsightsProvider:
    if settings.INSIGHTS_API_BASE_URL and settings.INSIGHTS_API_KEY:
        return OpenAICompatibleProvider(
            base_url=settings.INSIGHTS_API_BASE_URL,
            api_key=settings.INSIGHTS_API_KEY,
            model=settings.INSIGHTS_MODEL,
            timeout=settings.INSIGHTS_TIMEOUT_SECONDS,
            cost=Decimal(str(settings.INSIGHTS_COST_PER_1K_TOKENS)),
        )
    return OfflineInsightsProvider()


def insights_generate(
    request: InsightRequest,
    *,
    user_id,
    result_id=None,
    provider: InsightsProvider | None = None,
    fallback: bool = True,
) -> str:
    """The insight text; the call is recorded in ai_analytics whatever happens.

    When the provider fails, the offline text is returned, or with `fallback=False` the
    ProviderError is raised once the failure is recorded (a task retries it)."""
    provider = provider or provider_for_settings()
    started = time.monotonic()
    metadata = {"assessment_type": request.assessment_type, "purpose": "result_insights"}
    if result_id:
        metadata["result_id"] = str(result_id)
    try:
        reply = provider.generate(request)
        success = True
    except ProviderError as e:
        logger.warning("Insights provider %s failed: %s", provider.name, e)
        metadata["error"] = str(e)[:500]
        metadata["fallback"] = OfflineInsightsProvider.name
        reply = OfflineInsightsProvider().generate(request)
        success = False
        if not fallback:
            _record(provider, user_id, reply, started, success, metadata)
            raise
    _record(provider, user_id, reply, started, success, metadata)
    return reply.text


def is_offline(provider: InsightsProvider) -> bool:
    return provider.name == OfflineInsightsProvider.name


def _record(provider, user_id, reply: InsightReply, started: float, success: bool, metadata):
    # intelligence is a higher floor: its table is reached by name, never imported.
    ai_analytics = apps.get_model("intelligence", "AiAnalytics")
    ai_analytics._default_manager.create(
        user=user_id,
        provider=provider.name,
        model=provider.model,
        request_count=1,
        token_count=reply.tokens,
        latency_ms=int((time.monotonic() - started) * 1000),
        success_rate=Decimal(1 if success else 0),
        cost_usd=reply.cost_usd if success else Decimal(0),
        metadata=metadata,
    )


def insights_written(*, provider: InsightsProvider, result_id) -> bool:
    """Whether `provider` already answered for this result (so a task run twice skips it)."""
    ai_analytics = apps.get_model("intelligence", "AiAnalytics")
    return ai_analytics._default_manager.filter(
        provider=provider.name,
        success_rate=1,
        metadata__purpose="result_insights",
        metadata__result_id=str(result_id),
    ).exists()
