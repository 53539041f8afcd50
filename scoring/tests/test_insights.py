"""Insights providers: the offline default, an OpenAI-compatible API when configured (a local
HTTP server stands in for it), and ai_analytics for every call, failures included."""

import json
import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from intelligence.models import AiAnalytics
from scoring import engine
from scoring.insights import (
    InsightRequest,
    OfflineInsightsProvider,
    OpenAICompatibleProvider,
    insights_generate,
    provider_for_settings,
)
from scoring.tests.banks import QUESTIONS, RUBRIC

pytestmark = pytest.mark.django_db

ANSWERS = {
    "t_pipeline": 2,
    "t_review": "never",
    "t_channels": ["seo"],
    "t_growth": 40,
    "t_obstacle": "No one owns the pipeline.",
}


def _request(previous=None):
    return InsightRequest(
        assessment_type="strategic_maturity",
        assessment_label="Strategic maturity",
        outcome=engine.score(QUESTIONS, RUBRIC, ANSWERS),
        questions=QUESTIONS,
        answers=ANSWERS,
        previous_score=previous,
    )


def test_the_offline_provider_is_specific_to_the_answers():
    text = OfflineInsightsProvider().generate(_request(previous=Decimal("1.50"))).text
    assert "Strategic maturity:" in text and "points up on your previous attempt" in text
    assert "the weakest is Pipeline" in text
    assert "“How often is the pipeline reviewed” (Never)" in text
    assert "No one owns the pipeline." in text
    assert "Start here: Low pipeline rec 1" in text


class _Api(BaseHTTPRequestHandler):
    requests: list = []
    fail = False

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append((self.path, self.headers["Authorization"], body))
        if type(self).fail:
            self.send_response(500)
            self.end_headers()
            return
        payload = {
            "choices": [{"message": {"content": "Fix the pipeline review first."}}],
            "usage": {"total_tokens": 1200},
        }
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def api_server(settings):
    server = HTTPServer(("127.0.0.1", 0), _Api)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Api.requests, _Api.fail = [], False
    settings.INSIGHTS_API_BASE_URL = f"http://127.0.0.1:{server.server_port}/v1"
    settings.INSIGHTS_API_KEY = "test-key"
    settings.INSIGHTS_MODEL = "tiny-model"
    settings.INSIGHTS_COST_PER_1K_TOKENS = "0.5"
    yield server
    server.shutdown()


def test_without_settings_the_offline_provider_is_used(settings):
    settings.INSIGHTS_API_BASE_URL = ""
    assert isinstance(provider_for_settings(), OfflineInsightsProvider)


def test_the_openai_compatible_provider_is_used_and_recorded(api_server, alice):
    assert isinstance(provider_for_settings(), OpenAICompatibleProvider)
    text = insights_generate(_request(), user_id=alice.pk)
    assert text == "Fix the pipeline review first."
    path, auth, body = _Api.requests[0]
    assert path == "/v1/chat/completions" and auth == "Bearer test-key"
    assert body["model"] == "tiny-model" and body["temperature"] == 0
    call = AiAnalytics.objects.get()
    assert (call.provider, call.model, call.token_count) == (
        "openai-compatible",
        "tiny-model",
        1200,
    )
    assert call.success_rate == 1 and call.cost_usd == Decimal("0.600000")
    assert call.latency_ms is not None and call.user == alice.pk


def test_a_failing_provider_falls_back_to_offline_text_and_records_the_failure(api_server, alice):
    _Api.fail = True
    text = insights_generate(_request(), user_id=alice.pk)
    assert "Strategic maturity:" in text  # the offline text
    call = AiAnalytics.objects.get()
    assert call.success_rate == 0 and call.metadata["fallback"] == "offline"
    assert "500" in call.metadata["error"]
