"""One event to 10,000 users is one task: bulk inserts in batches, and a rerun adds nothing."""

import time
import uuid

import pytest

from accounts.models import User
from events import tasks
from events.models import Event
from intelligence.models import RealtimeSubscription
from notifications.models import Notification
from notifications.services import NotificationDraft, notifications_fan_out_unscoped

pytestmark = pytest.mark.django_db

FOLLOWERS = 10_000


def _followers(n: int, industry: str) -> None:
    users = User.objects.bulk_create(
        User(email=f"follower{i}@fan.test", password="!") for i in range(n)
    )
    RealtimeSubscription.objects.bulk_create(
        RealtimeSubscription(user=user, topic="market", industry=industry) for user in users
    )


def test_a_trend_for_10000_followers_is_one_task_and_a_rerun_creates_no_duplicate():
    _followers(FOLLOWERS, "logistics")
    event = Event.objects.create(
        event_type="trend.new",
        source="tests",
        event_data={"trend_id": str(uuid.uuid4()), "industry": "logistics", "title": "Freight"},
    )

    started = time.monotonic()
    created = tasks.handle_event.apply(args=[str(event.pk)]).get()
    elapsed = time.monotonic() - started

    assert created == FOLLOWERS
    assert Notification.objects.filter(type="industry_trend").count() == FOLLOWERS
    assert elapsed < 20, f"fan-out took {elapsed:.1f} s"

    Event.objects.filter(pk=event.pk).update(dispatched_at=None)  # delivered again
    assert tasks.handle_event.apply(args=[str(event.pk)]).get() == 0
    assert Notification.objects.count() == FOLLOWERS


def test_the_fan_out_writes_in_batches(django_assert_max_num_queries):
    users = list(
        User.objects.bulk_create(User(email=f"b{i}@fan.test", password="!") for i in range(2500))
    )
    draft = NotificationDraft(
        type="system",
        title="Maintenance tonight",
        message="",
        priority="low",
        link="",
        idempotency_key="system:maintenance-1",
    )
    # Three batches of at most 1,000 rows: an INSERT and a SELECT of the new ids each.
    with django_assert_max_num_queries(6):
        created = notifications_fan_out_unscoped(user_ids=(u.pk for u in users), draft=draft)
    assert len(created) == 2500
    assert notifications_fan_out_unscoped(user_ids=[u.pk for u in users[:10]], draft=draft) == []
