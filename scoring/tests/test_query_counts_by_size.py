"""Pages and API lists over results run the same queries with 10 and with 300 results (the
issue's "constant query count from 10k to 1M rows", at a size CI can afford)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from orgs import services as org_services
from scoring.models import AssessmentScoringResult

TYPES = ("bpm", "leadership", "tech_stack")


def _results(org, user, count: int, *, offset: int = 0) -> None:
    start = timezone.now() - timedelta(days=400)
    AssessmentScoringResult.objects_unscoped.bulk_create(
        AssessmentScoringResult(
            org=org,
            user=user,
            assessment_type=TYPES[i % len(TYPES)],
            score=Decimal("2.50"),
            bracket="score_2_5",
            category_scores={"a": 1},
            created_at=start + timedelta(hours=i),
        )
        for i in range(offset, offset + count)
    )


def _queries(client, url, headers) -> list[str]:
    client.get(url, **headers)  # warm: caches, the key's last-used time
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    return [q["sql"] for q in queries]


API = ["/api/v1/orgs/acme/results/", "/api/v1/orgs/acme/results/?ordering=score"]
PORTAL = ["/assessments/acme/", "/assessments/acme/history/bpm/", "/dashboard/acme/"]


@pytest.mark.parametrize(
    ("url", "auth"),
    [*((u, "api_key") for u in API), *((u, "session") for u in API + PORTAL)],
)
def test_the_same_queries_with_10_and_300_results(client, acme, alice, url, auth):
    headers = {}
    if auth == "api_key":
        _, raw = org_services.api_key_create(org=acme, name="BI", scope="read", created_by=alice)
        headers = {"HTTP_AUTHORIZATION": f"Api-Key {raw}"}
    else:
        client.force_login(alice)
    _results(acme, alice, 10)
    small = _queries(client, url, headers)

    _results(acme, alice, 290, offset=10)
    large = _queries(client, url, headers)

    assert len(large) == len(small), (url, small, large)
