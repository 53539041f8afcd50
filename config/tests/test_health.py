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
def test_it_answers_503_when_the_cache_is_unreachable(client, monkeypatch):
    from django.core.cache.backends.redis import RedisCache

    from config import health

    dead = RedisCache(DEAD_REDIS, {"OPTIONS": {"socket_connect_timeout": 0.5}})
    monkeypatch.setattr(health, "cache", dead)

    response = client.get(HEALTH)

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["cache"]["status"] == "error"
    assert body["checks"]["database"]["status"] == "ok"


@pytest.mark.django_db
def test_it_answers_503_when_the_broker_is_unreachable(client, settings):
    from config.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    original = app.conf.broker_url
    app.conf.broker_url = DEAD_REDIS
    try:
        response = client.get(HEALTH)
    finally:
        app.conf.broker_url = original

    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["status"] == "error"


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
    assert response.json()["checks"]["database"]["status"] == "error"
