"""The intelligence API: feed items (filters, search, the default cursor pagination), follows,
the plan gate and bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from intelligence.models import RealtimeMarketTrend, RealtimeSubscription
from intelligence.tests.factories import RealtimeMarketTrendFactory
from orgs.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def _items_url(org):
    return reverse("api:intelligence-item-list", args=[org.slug])


def _follows_url(org):
    return reverse("api:intelligence-follow-list", args=[org.slug])


@pytest.fixture
def api(client, acme, alice):
    client.force_login(alice)
    return client


def test_items_filter_by_industry_source_since_and_search(api, acme):
    old = RealtimeMarketTrendFactory(title="Old pricing", industry="Retail", source="FT")
    RealtimeMarketTrend.objects.filter(pk=old.pk).update(
        published_at=timezone.now() - timedelta(days=30)
    )
    RealtimeMarketTrendFactory(title="New pricing", industry="Retail", source="FT", insight="")
    RealtimeMarketTrendFactory(title="Tagged", industry=None, industries=["Retail"], insight="")
    RealtimeMarketTrendFactory(title="Other", industry="Finance", source="Reuters", insight="")
    since = (timezone.now() - timedelta(days=1)).isoformat()

    def titles(**params):
        body = api.get(_items_url(acme), params).json()
        return sorted(r["title"] for r in body["results"])

    assert titles(industry="Retail") == ["New pricing", "Old pricing", "Tagged"]
    assert titles(source="Reuters") == ["Other"]
    assert titles(industry="Retail", since=since) == ["New pricing", "Tagged"]
    assert titles(q="pricing") == ["New pricing", "Old pricing"]


def test_items_come_in_cursor_pages(api, acme):
    for i in range(5):
        RealtimeMarketTrendFactory(title=f"Item {i}")

    first = api.get(_items_url(acme), {"page_size": 2}).json()
    second = api.get(first["next"]).json()

    assert len(first["results"]) == 2 and len(second["results"]) == 2
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}


@pytest.mark.parametrize("params", [{"since": "yesterday"}, {"cursor": "%%%"}])
def test_bad_input_answers_400(api, acme, params):
    assert api.get(_items_url(acme), params).status_code == 400


def test_follow_and_unfollow(api, acme, alice):
    created = api.post(
        _follows_url(acme), {"kind": "industry", "name": "Retail"}, content_type="application/json"
    )
    listed = api.get(_follows_url(acme)).json()["results"]
    deleted = api.delete(
        reverse("api:intelligence-follow-detail", args=[acme.slug, listed[0]["id"]])
    )

    assert created.status_code == 201 and created.json()["name"] == "Retail"
    assert [(f["kind"], f["name"]) for f in listed] == [("industry", "Retail")]
    assert deleted.status_code == 204
    assert RealtimeSubscription.objects.get(user=alice).is_active is False


@pytest.mark.parametrize(
    "payload", [{"kind": "planet", "name": "Mars"}, {"kind": "industry", "name": ""}, {}]
)
def test_a_bad_follow_answers_400(api, acme, payload):
    response = api.post(_follows_url(acme), payload, content_type="application/json")

    assert response.status_code == 400


def test_a_free_organisation_gets_402(client):
    org = OrganizationFactory(plan="Free")
    client.force_login(org.owner)

    response = client.get(_items_url(org))

    assert response.status_code == 402
    assert response.json()["feature"] == "market_intelligence"
