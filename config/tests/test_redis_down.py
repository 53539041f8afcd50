"""Redis down: login, sign-up, the API and writes still answer, fast; health says "degraded".

The cache and the Celery broker both point at a port nothing listens on (a real connection
failure). The cache is configured exactly as config/settings/base.py configures it for a
REDIS_URL, so the test exercises the production backend, not a stand-in.
"""

from __future__ import annotations

import time

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from config.cache import redis_cache_config
from events.models import Event
from notifications.tests.celery_helpers import DEAD_BROKER, celery_broker
from orgs import services

DEAD_REDIS = "redis://127.0.0.1:1/0"
FAST = 3.0  # seconds: a dead Redis may cost a connection attempt, never a hang
FAST_FAILING_BROKER = {
    "broker_connection_timeout": 0.5,
    "broker_connection_max_retries": 0,
    "task_publish_retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.1},
}


@pytest.fixture
def redis_down(settings):
    # Celery's configuration is saved before the settings change it, and restored after.
    with celery_broker(DEAD_BROKER, eager=False, **FAST_FAILING_BROKER):
        settings.CELERY_TASK_ALWAYS_EAGER = False  # health then checks the broker
        # Changing CACHES makes Django drop its cache objects: the next call builds a new one.
        settings.CACHES = {"default": redis_cache_config(DEAD_REDIS)}
        yield


def _timed(call):
    started = time.monotonic()
    response = call()
    elapsed = time.monotonic() - started
    assert elapsed < FAST, f"answered in {elapsed:.1f} s with Redis down"
    return response


def test_the_settings_use_the_degrading_backend_for_redis(settings):
    config = redis_cache_config("redis://127.0.0.1:6379/0")
    assert config["BACKEND"] == "config.cache.FallbackRedisCache"
    assert config["OPTIONS"]["socket_connect_timeout"] <= 1
    if settings.REDIS_URL:
        assert settings.CACHES["default"] == redis_cache_config(settings.REDIS_URL)
    # Sessions live in the database: a Redis outage must not sign anybody out.
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


@pytest.mark.django_db
def test_login_answers_with_redis_down(client, alice, redis_down):
    alice.set_password("correct-horse-battery")
    alice.save()

    response = _timed(
        lambda: client.post(
            reverse("account_login"),
            {"login": alice.email, "password": "correct-horse-battery"},
        )
    )

    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(alice.pk)


@pytest.mark.django_db
def test_a_wrong_password_is_still_refused_and_rate_limited_with_redis_down(
    client, alice, redis_down
):
    responses = [
        _timed(
            lambda: client.post(
                reverse("account_login"), {"login": alice.email, "password": "wrong-password"}
            )
        )
        for _ in range(6)
    ]

    # 5 failed attempts per address and account (ACCOUNT_RATE_LIMITS); the fallback counts them.
    assert [r.status_code for r in responses] == [200] * 6
    assert "Too many failed" not in responses[4].content.decode()
    assert "Too many failed" in responses[5].content.decode()


@pytest.mark.django_db
def test_sign_up_answers_with_redis_down(client, redis_down):
    response = _timed(
        lambda: client.post(
            reverse("account_signup"),
            {
                "first_name": "Ada",
                "last_name": "Lovelace",
                "email": "ada@engines.example",
                "password1": "analytical-engine-1843",
                "password2": "analytical-engine-1843",
                "agreed_terms": "on",
            },
        )
    )

    assert response.status_code == 302
    assert User.objects.filter(email="ada@engines.example").exists()
    assert mail.outbox, "the verification email went out"


@pytest.mark.django_db
def test_the_api_answers_an_api_key_with_redis_down(client, alice, acme, redis_down):
    _, raw = services.api_key_create(org=acme, name="CI", scope="read", created_by=alice)

    responses = [
        _timed(
            lambda: client.get(
                f"/api/v1/orgs/{acme.slug}/members/", HTTP_AUTHORIZATION=f"Api-Key {raw}"
            )
        )
        for _ in range(3)
    ]

    assert [r.status_code for r in responses] == [200, 200, 200]
    assert len(responses[0].json()["results"]) == 1


@pytest.mark.django_db
def test_a_write_that_enqueues_work_answers_and_keeps_it_in_the_outbox(
    client, alice, acme, charlie, redis_down, django_capture_on_commit_callbacks
):
    from orgs.models import OrgRole

    member = OrgRole.objects.get(org=acme, key="member")
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = _timed(
            lambda: client.post(
                reverse("orgs:members", args=[acme.slug]),
                {"email": charlie.email, "role": str(member.pk)},
            )
        )

    assert response.status_code == 302
    event = Event.objects.get(event_type="org.invitation_sent", org=acme)
    assert event.dispatched_at is None  # waits in the outbox for the beat sweep


@pytest.mark.django_db
def test_health_answers_200_with_redis_degraded(client, redis_down):
    response = _timed(lambda: client.get(reverse("health")))

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["cache"]["status"] == "degraded"
    assert body["checks"]["broker"]["status"] == "degraded"


def test_the_cache_falls_back_while_redis_is_unreachable_and_returns_to_it(settings, monkeypatch):
    """Against the real Redis of REDIS_URL: one failing call moves to the fallback, and after
    the retry interval the next call goes to Redis again."""
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL")
    from redis.exceptions import ConnectionError as RedisConnectionError

    from config.cache import FallbackRedisCache

    cache = FallbackRedisCache(
        settings.REDIS_URL,
        {"KEY_PREFIX": "fallback-test", "OPTIONS": {"FALLBACK_RETRY_SECONDS": 0.2}},
    )
    cache.set("k", "in redis")
    real_client = cache._cache.get_client

    def unreachable(*args, **kwargs):
        raise RedisConnectionError("Error 111 connecting. Connection refused.")

    monkeypatch.setattr(cache._cache, "get_client", unreachable)
    assert cache.get("k") is None  # served by the (empty) fallback, no exception
    assert cache.degraded
    cache.set("k", "in memory")
    assert cache.get("k") == "in memory"
    assert cache.add("attempts", 1)
    assert cache.incr("attempts") == 2  # what a rate limit counts with

    monkeypatch.setattr(cache._cache, "get_client", real_client)
    assert cache.get("k") == "in memory"  # still within the retry interval
    time.sleep(0.25)
    assert cache.get("k") == "in redis"
    assert not cache.degraded
    cache.delete("k")
