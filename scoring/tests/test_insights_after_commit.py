"""A result is scored with the offline text; the insights provider (an HTTP call of up to 20 s)
runs in a task after commit, never inside the submit's transaction or its row lock (issue 11).
A local HTTP server stands in for the OpenAI-compatible API, as in test_insights."""
# ruff: noqa: F401, F811 (fixtures imported from other test modules, used as arguments)

import pytest
from celery.exceptions import Retry
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from assessments import services
from assessments.models import StrategicMaturityAssessment
from assessments.tests.conftest import bank
from config import tenancy
from intelligence.models import AiAnalytics
from scoring import tasks
from scoring.models import AssessmentScoringResult
from scoring.tests.banks import FULL_ANSWERS
from scoring.tests.test_insights import _Api, api_server

API_TEXT = "Fix the pipeline review first."


def _draft(alice, acme):
    attempt = services.attempt_start(user=alice, org=acme, assessment_type="strategic_maturity")
    services.attempt_save_answers(attempt=attempt, user=alice, answers=FULL_ANSWERS)
    return attempt


def _review_url(acme, attempt):
    return reverse("assessments:review", args=[acme.slug, "strategic_maturity", attempt.pk])


class _Observing(_Api):
    """The stand-in API, looking at the database from its own connection when it is called."""

    seen: list = []
    attempt_id = None

    def do_POST(self):  # noqa: N802
        # A server thread: the test's tenancy block (conftest) does not reach it.
        with tenancy.unscoped():
            self._observe()
        super().do_POST()

    def _observe(self):
        try:
            committed = AssessmentScoringResult.objects.filter(
                assessment_id=type(self).attempt_id
            ).exists()
            try:
                with transaction.atomic():
                    StrategicMaturityAssessment.objects.select_for_update(nowait=True).filter(
                        pk=type(self).attempt_id
                    ).exists()
                locked = False
            except DatabaseError:
                locked = True
            type(self).seen.append({"result_committed": committed, "attempt_locked": locked})
        finally:
            connection.close()


@pytest.mark.django_db(transaction=True)
def test_the_provider_is_called_only_after_the_submit_committed(
    client,
    alice,
    acme,
    bank,
    api_server,
):
    api_server.RequestHandlerClass = _Observing
    attempt = _draft(alice, acme)
    _Observing.seen, _Observing.attempt_id = [], attempt.pk
    client.force_login(alice)
    response = client.post(_review_url(acme, attempt))
    assert response.status_code == 302
    # The API was called once, when the result was already committed and no lock was held.
    assert _Observing.seen == [{"result_committed": True, "attempt_locked": False}]
    result = AssessmentScoringResult.objects.get(assessment_id=attempt.pk)
    assert result.ai_insights == API_TEXT
    call = AiAnalytics.objects.get(provider="openai-compatible")
    assert call.success_rate == 1 and call.metadata["result_id"] == str(result.pk)


@pytest.mark.django_db
def test_the_result_page_shows_the_offline_text_before_the_task_runs(
    client,
    alice,
    acme,
    bank,
    api_server,
    django_capture_on_commit_callbacks,
):
    attempt = _draft(alice, acme)
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(_review_url(acme, attempt))
    assert response.status_code == 302 and _Api.requests == []
    page = client.get(response.url).content.decode()
    assert "Strategic maturity: 3.48 out of 5." in page and API_TEXT not in page

    for callback in callbacks:  # the commit: the task is enqueued (and runs eagerly here)
        callback()
    assert len(_Api.requests) == 1
    assert API_TEXT in client.get(response.url).content.decode()


@pytest.mark.django_db
def test_the_task_is_safe_to_run_twice(
    alice,
    acme,
    bank,
    api_server,
    django_capture_on_commit_callbacks,
):
    attempt = _draft(alice, acme)
    with django_capture_on_commit_callbacks(execute=True):
        result = services.attempt_submit(attempt=attempt, user=alice)
    assert tasks.refresh_result_insights.apply(args=[str(result.pk)]).get() == "skipped"
    assert len(_Api.requests) == 1


@pytest.mark.django_db
def test_a_failing_provider_is_retried_then_the_offline_text_stays(
    alice,
    acme,
    bank,
    api_server,
    django_capture_on_commit_callbacks,
):
    _Api.fail = True
    attempt = _draft(alice, acme)
    with django_capture_on_commit_callbacks(execute=True):
        result = services.attempt_submit(attempt=attempt, user=alice)  # the submit still works
    result.refresh_from_db()
    assert result.ai_insights.startswith("Strategic maturity: 3.48 out of 5.")
    assert len(_Api.requests) == 1
    # A worker retries it later (with backoff), and gives up after the last retry.
    with pytest.raises(Retry):
        tasks.refresh_result_insights.apply(args=[str(result.pk)])
    last = tasks.refresh_result_insights.apply(
        args=[str(result.pk)], retries=tasks.INSIGHTS_MAX_RETRIES
    )
    assert last.get() == "offline"
    result.refresh_from_db()
    assert result.ai_insights.startswith("Strategic maturity: 3.48 out of 5.")
    failures = AiAnalytics.objects.filter(provider="openai-compatible", success_rate=0)
    assert failures.count() == 3 and failures.first().metadata["fallback"] == "offline"
    # The provider recovers: the next run writes its text.
    _Api.fail = False
    assert tasks.refresh_result_insights.apply(args=[str(result.pk)]).get() == "written"
    result.refresh_from_db()
    assert result.ai_insights == API_TEXT


def test_the_insights_task_acks_late_and_caps_its_retries():
    task = tasks.refresh_result_insights
    assert task.acks_late and task.max_retries == tasks.INSIGHTS_MAX_RETRIES


@pytest.mark.django_db
def test_a_broker_outage_at_commit_keeps_the_offline_text_and_the_submit(
    alice, acme, bank, api_server, django_capture_on_commit_callbacks, monkeypatch
):
    from kombu.exceptions import OperationalError

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.refresh_result_insights, "delay", broker_down)
    attempt = _draft(alice, acme)
    with django_capture_on_commit_callbacks(execute=True):
        result = services.attempt_submit(attempt=attempt, user=alice)
    result.refresh_from_db()
    assert result.ai_insights.startswith("Strategic maturity: 3.48 out of 5.")
    assert _Api.requests == []
