"""The results API pages by keyset: every row once, in order, whatever the ordering, and a deep
page is a `WHERE (created_at, id) < (…)` with no OFFSET and no COUNT."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from orgs import services as org_services
from scoring.models import AssessmentScoringResult

URL = "/api/v1/orgs/acme/results/"


@pytest.fixture
def rows(acme, alice):
    """23 results; created_at ties in threes and scores repeating, so the tie-breaker matters."""
    start = timezone.now() - timedelta(days=1)
    return AssessmentScoringResult.objects_unscoped.bulk_create(
        AssessmentScoringResult(
            org=acme,
            user=alice,
            assessment_type="bpm",
            score=Decimal(str(1 + (i % 4))),
            bracket="score_2",
            created_at=start + timedelta(minutes=i // 3),
        )
        for i in range(23)
    )


@pytest.fixture
def key(acme, alice):
    _, raw = org_services.api_key_create(org=acme, name="BI", scope="read", created_by=alice)
    return {"HTTP_AUTHORIZATION": f"Api-Key {raw}"}


def _walk(client, key, params, *, backwards_check=True):
    pages, url, data = [], URL, params
    while url:
        response = client.get(url, data, **key)
        assert response.status_code == 200, response.content
        body = response.json()
        assert set(body) == {"next", "previous", "results"}
        pages.append(body)
        url, data = body["next"], None
    return pages


def _expected(ordering: list[str]) -> list[str]:
    rows = AssessmentScoringResult.objects_unscoped.order_by(*ordering)
    return [str(pk) for pk in rows.values_list("id", flat=True)]


@pytest.mark.parametrize(
    ("params", "ordering"),
    [
        ({}, ["-created_at", "-id"]),
        ({"ordering": "score"}, ["score", "id"]),
        ({"ordering": "-score,created_at"}, ["-score", "created_at", "-id"]),
    ],
)
def test_walking_the_pages_yields_every_row_once_in_order(client, key, rows, params, ordering):
    pages = _walk(client, key, {**params, "page_size": 5})

    assert [len(p["results"]) for p in pages] == [5, 5, 5, 5, 3]
    assert [r["id"] for p in pages for r in p["results"]] == _expected(ordering)
    assert pages[0]["previous"] is None and pages[-1]["next"] is None


def test_the_previous_link_returns_the_page_before(client, key, rows):
    first = client.get(URL, {"page_size": 4}, **key).json()
    second = client.get(first["next"], **key).json()
    third = client.get(second["next"], **key).json()

    back = client.get(third["previous"], **key).json()

    assert back["results"] == second["results"]
    back_again = client.get(back["previous"], **key).json()
    assert back_again["results"] == first["results"] and back_again["previous"] is None


def test_count_only_when_asked(client, key, rows):
    assert "count" not in client.get(URL, **key).json()
    assert client.get(URL, {"count": "true"}, **key).json()["count"] == 23


def test_page_size_is_capped_and_checked(client, key, rows):
    assert len(client.get(URL, {"page_size": 1000}, **key).json()["results"]) == 23
    assert client.get(URL, {"page_size": "x"}, **key).status_code == 400
    assert client.get(URL, {"page_size": "0"}, **key).status_code == 400


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "!!!",
        "eyJvIjpbIi1jcmVhdGVkX2F0IiwiLWlkIl0sInYiOlsibm90IGEgZGF0ZSIsIngiXSwiciI6ZmFsc2V9",
        "eyJvIjpbInNjb3JlIiwiaWQiXSwidiI6WzEsMl0sInIiOmZhbHNlfQ==",  # another ordering's
        "bnVsbA==",  # JSON null
    ],
)
def test_a_bad_cursor_answers_400_with_a_message(client, key, rows, cursor):
    response = client.get(URL, {"cursor": cursor}, **key)

    assert response.status_code == 400
    assert "Invalid cursor" in response.json()["cursor"][0]


def test_a_deep_page_seeks_by_the_key_without_offset_or_count(client, key, rows):
    url = URL
    for _ in range(3):
        url = client.get(url, {"page_size": 5} if url == URL else None, **key).json()["next"]

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **key)

    assert response.status_code == 200
    listing = [q["sql"] for q in queries if 'FROM "assessment_scoring_results"' in q["sql"]]
    assert len(listing) == 1, listing
    sql = listing[0]
    assert '("assessment_scoring_results"."created_at", "assessment_scoring_results"."id") <' in sql
    assert "OFFSET" not in sql and "COUNT(" not in sql
    assert '"password"' not in sql and '"assessment_scoring_results"."updated_at"' not in sql
    assert 'ORDER BY "assessment_scoring_results"."created_at" DESC' in sql and "LIMIT 6" in sql


def test_a_member_pages_through_their_own_results_only(client, acme, bob, rows):
    own = [
        AssessmentScoringResult.objects_unscoped.create(
            org=acme, user=bob, assessment_type="bpm", score=Decimal("2"), bracket="score_2"
        )
        for _ in range(7)
    ]
    client.force_login(bob)

    pages = _walk(client, {}, {"page_size": 3})

    assert [len(p["results"]) for p in pages] == [3, 3, 1]
    assert {r["id"] for p in pages for r in p["results"]} == {str(r.pk) for r in own}


def test_an_api_key_request_authenticates_in_one_query(client, key, rows):
    client.get(URL, **key)  # the key's last-used time is written at most once a minute

    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, **key)

    assert response.status_code == 200
    sqls = [q["sql"] for q in queries]
    assert len(sqls) == 2, sqls  # the key with membership and plan; the page
    assert 'FROM "org_api_keys"' in sqls[0] and "org_users" in sqls[0]
