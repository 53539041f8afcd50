import pytest
from django.urls import reverse

HEALTH = reverse("health")
DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1: a real connection failure


@pytest.mark.django_db
def test_it_reports_database_cache_and_broker_as_ok(client):
    response = client.get(HEALTH)

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "ok",
        "cache": "ok",
        "broker": "ok",
    }


@pytest.mark.django_db
def test_it_answers_200_degraded_when_the_cache_is_unreachable(client, monkeypatch):
    """A load balancer must not pull every web node because Redis blinked."""
    from config import health
    from config.cache import FallbackRedisCache

    dead = FallbackRedisCache(DEAD_REDIS, {"OPTIONS": {"socket_connect_timeout": 0.5}})
    monkeypatch.setattr(health, "cache", dead)

    response = client.get(HEALTH)

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["cache"]["status"] == "degraded"
    assert body["checks"]["database"]["status"] == "ok"


@pytest.mark.django_db
def test_it_answers_200_degraded_when_the_broker_is_unreachable(client, settings):
    from config.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    original = app.conf.broker_url
    app.conf.broker_url = DEAD_REDIS
    try:
        response = client.get(HEALTH)
    finally:
        app.conf.broker_url = original

    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["broker"]["status"] == "degraded"


@pytest.mark.django_db
def test_it_answers_503_when_the_database_is_unreachable(client):
    from django.db import connections

    conn = connections["default"]
    original = conn.settings_dict["PORT"], conn.settings_dict["HOST"]
    conn.close()
    conn.settings_dict["HOST"], conn.settings_dict["PORT"] = "127.0.0.1", "1"
    try:
        response = client.get(HEALTH)
    finally:
        conn.close()
        conn.settings_dict["PORT"], conn.settings_dict["HOST"] = original

    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["checks"]["database"] == {"status": "error"}  # no error text


def _break_the_cache(monkeypatch):
    from config import health
    from config.cache import FallbackRedisCache

    monkeypatch.setattr(
        health,
        "cache",
        FallbackRedisCache(DEAD_REDIS, {"OPTIONS": {"socket_connect_timeout": 0.5}}),
    )


@pytest.mark.django_db
def test_an_anonymous_caller_sees_only_the_status_of_each_part(client, monkeypatch):
    _break_the_cache(monkeypatch)

    response = client.get(HEALTH)

    body = response.json()
    assert body["checks"] == {
        "database": {"status": "ok"},
        "cache": {"status": "degraded"},
        "broker": {"status": "ok"},
    }
    assert "127.0.0.1" not in response.content.decode()
    assert "Error" not in response.content.decode()


@pytest.mark.django_db
def test_a_signed_in_non_staff_user_sees_no_details_either(client, alice, monkeypatch):
    _break_the_cache(monkeypatch)
    client.force_login(alice)

    body = client.get(HEALTH).json()

    assert body["checks"]["cache"] == {"status": "degraded"}


@pytest.mark.django_db
def test_staff_see_what_each_check_said_and_how_long_it_took(client, staff, monkeypatch):
    _break_the_cache(monkeypatch)
    client.force_login(staff)

    body = client.get(HEALTH).json()

    assert "ConnectionError" in body["checks"]["cache"]["detail"]
    assert body["checks"]["database"]["detail"] == "ok"
    assert all(isinstance(check["ms"], float) for check in body["checks"].values())
