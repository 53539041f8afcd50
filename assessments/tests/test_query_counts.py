"""The result and history pages and the assessment API lists run the same number of queries
with 1 or 500 past results (the issue's figure)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments import services
from assessments.models import StrategicMaturityAssessment
from assessments.tests.conftest import FULL_ANSWERS
from scoring.models import AssessmentScoringResult, ScorecardInsight

pytestmark = pytest.mark.django_db


def _past_results(alice, acme, template, count):
    """`count` scored attempts in the past (bulk: the figure is about reading, not writing)."""
    first = AssessmentScoringResult.objects.filter(user=alice).first()
    now = timezone.now()
    attempts = StrategicMaturityAssessment.objects.bulk_create(
        [
            StrategicMaturityAssessment(
                user=alice,
                org=acme,
                template=template,
                template_version=template.version,
                answers=FULL_ANSWERS,
                status="submitted",
                submitted_at=now - timedelta(days=i + 1),
            )
            for i in range(count)
        ]
    )
    AssessmentScoringResult.objects.bulk_create(
        [
            AssessmentScoringResult(
                user=alice,
                org=acme,
                assessment_type="strategic_maturity",
                score=first.score,
                bracket=first.bracket,
                description=first.description,
                recommendations=first.recommendations,
                next_steps=first.next_steps,
                confidence=first.confidence,
                category_scores=first.category_scores,
                swot_analysis=first.swot_analysis,
                ai_insights=first.ai_insights,
                assessment_id=attempt.pk,
                template=template,
                rubric_version="v1",
                created_at=attempt.submitted_at,
            )
            for attempt in attempts
        ]
    )
    ScorecardInsight.objects.bulk_create(
        [
            ScorecardInsight(
                user=alice,
                org=acme,
                assessment_type="strategic_maturity",
                title="t",
                insight="i",
                category="pipeline",
            )
            for _ in range(count)
        ]
    )


PAGES = [
    "/assessments/acme/",
    "/assessments/acme/results/{result}/",
    "/assessments/acme/history/strategic_maturity/",
    "/assessments/acme/team/",
    "/api/v1/orgs/acme/results/",
    "/api/v1/orgs/acme/assessments/strategic_maturity/",
]


@pytest.mark.parametrize("url", PAGES)
def test_constant_queries_with_1_or_500_past_results(client, alice, acme, bank, url):
    attempt = services.attempt_start(user=alice, org=acme, assessment_type="strategic_maturity")
    services.attempt_save_answers(attempt=attempt, answers=FULL_ANSWERS, user=alice)
    result = services.attempt_submit(attempt=attempt, user=alice)
    url = url.format(result=result.pk)
    client.force_login(alice)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _past_results(alice, acme, bank, 499)
    assert AssessmentScoringResult.objects.filter(user=alice).count() == 500
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
        assert response.status_code == 200
    assert len(large) <= len(small), (url, len(small), len(large))
