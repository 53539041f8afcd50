"""The history page lists a page of results at a time with the change across the page's edge,
the charts show the newest points only, and the overview reads two results per type."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from scoring import selectors
from scoring.models import AssessmentScoringResult

URL = "/assessments/acme/history/bpm/"


@pytest.fixture
def history(acme, alice):
    """120 BPM results, oldest first, their scores climbing by 0.01 from 1.00."""
    start = timezone.now() - timedelta(days=200)
    return AssessmentScoringResult.objects_unscoped.bulk_create(
        AssessmentScoringResult(
            org=acme,
            user=alice,
            assessment_type="bpm",
            score=Decimal("1.00") + Decimal("0.01") * i,
            bracket="score_1",
            created_at=start + timedelta(days=i),
        )
        for i in range(120)
    )


def test_the_history_page_shows_a_page_with_the_change_across_its_edge(client, alice, history):
    client.force_login(alice)

    first = client.get(URL)
    second = client.get(URL, {"page": 2})

    assert [e["result"].pk for e in first.context["entries"]] == [r.pk for r in history[::-1][:50]]
    assert [e["result"].pk for e in second.context["entries"]] == [
        r.pk for r in history[::-1][50:100]
    ]
    assert second.context["entries"][-1]["change"] == Decimal("0.01")  # against page 3's first
    assert "Older" in second.content.decode() and "Newer" in second.content.decode()
    assert client.get(URL, {"page": "x"}).status_code == 200
    assert client.get(URL, {"page": "999"}).context["page"].number == 3


def test_charts_keep_the_newest_points_only(acme, alice, history):
    points = selectors.result_history(
        AssessmentScoringResult.objects.filter(org=acme), user_id=alice.pk, assessment_type="bpm"
    )

    assert [p.pk for p in points] == [r.pk for r in history[-selectors.HISTORY_CHART_POINTS :]]


def test_the_overview_reads_two_results_per_type_in_sql(acme, alice, history):
    with CaptureQueriesContext(connection) as queries:
        latest = selectors.results_latest_per_type(org=acme, user=alice)

    assert [r.pk for r in latest["bpm"]] == [history[-1].pk, history[-2].pk]
    sql = queries[0]["sql"]
    assert len(queries) == 1 and "UNION ALL" in sql and sql.count("LIMIT 2") >= 2
