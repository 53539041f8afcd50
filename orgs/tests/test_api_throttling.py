import pytest

from orgs import services
from orgs.api.auth import ApiThrottle


@pytest.fixture
def three_per_minute(monkeypatch):
    monkeypatch.setattr(ApiThrottle, "THROTTLE_RATES", {"api": "3/minute"})


@pytest.mark.django_db
def test_each_api_key_and_each_user_has_its_own_budget(client, alice, acme, three_per_minute):
    _, key_a = services.api_key_create(org=acme, name="A", scope="read", created_by=alice)
    _, key_b = services.api_key_create(org=acme, name="B", scope="read", created_by=alice)
    url = "/api/v1/orgs/acme/members/"

    statuses_a = [
        client.get(url, HTTP_AUTHORIZATION=f"Api-Key {key_a}").status_code for _ in range(4)
    ]
    assert statuses_a == [200, 200, 200, 429]

    # Another key of the same org, and the user's own session, are not slowed by key A.
    assert client.get(url, HTTP_AUTHORIZATION=f"Api-Key {key_b}").status_code == 200
    client.force_login(alice)
    assert client.get(url).status_code == 200

    throttled = client.get(url, HTTP_AUTHORIZATION=f"Api-Key {key_a}")
    assert throttled.status_code == 429
    assert "detail" in throttled.json() and throttled.has_header("Retry-After")
