"""One event to 10,000 users is one task: bulk inserts in batches, and a rerun adds nothing."""

import time

import pytest

from accounts.models import User
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


def test_an_hours_digest_for_10000_followers_is_one_task_and_a_rerun_creates_no_duplicate():
    """A feed's new items reach their industry's followers as one digest each (issue 13)."""
    from datetime import timedelta

    from django.utils import timezone

    from intelligence import tasks as intelligence_tasks
    from intelligence.models import RealtimeMarketTrend

    _followers(FOLLOWERS, "logistics")
    RealtimeMarketTrend.objects.bulk_create(
        RealtimeMarketTrend(title=f"Freight {i}", industry="logistics") for i in range(50)
    )
    RealtimeMarketTrend.objects.update(created_at=timezone.now() - timedelta(hours=1))

    started = time.monotonic()
    created = intelligence_tasks.send_digests.apply().get()
    elapsed = time.monotonic() - started

    assert created == FOLLOWERS
    assert Notification.objects.filter(type="industry_trend").count() == FOLLOWERS
    assert elapsed < 20, f"fan-out took {elapsed:.1f} s"
    assert intelligence_tasks.send_digests.apply().get() == 0
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
    # Three batches of at most 1,000 rows: one INSERT … RETURNING each.
    with django_assert_max_num_queries(3):
        created = notifications_fan_out_unscoped(
            user_ids=(u.pk for u in users), draft=draft, batch_size=1000
        )
    assert len(created) == 2500
    assert notifications_fan_out_unscoped(user_ids=[u.pk for u in users[:10]], draft=draft) == []


def test_the_fast_fan_out_writes_the_rows_the_orm_would():
    users = list(
        User.objects.bulk_create(User(email=f"c{i}@fan.test", password="!") for i in range(4))
    )
    draft = NotificationDraft(
        type="system",
        title="Maintenance tonight",
        message="From 22:00.",
        priority="high",
        link="/dashboard/",
        idempotency_key="system:maintenance-2",
    )
    fields = [
        f.attname
        for f in Notification._meta.concrete_fields
        if f.name not in ("id", "user", "created_at", "updated_at")
    ]
    for user in users[:2]:  # the ORM's way, one by one
        Notification.objects_unscoped.create(
            user=user, **{name: getattr(draft, name) for name in fields if hasattr(draft, name)}
        )

    created = notifications_fan_out_unscoped(user_ids=[u.pk for u in users], draft=draft)

    assert len(created) == 2  # the first two existed: a rerun writes nothing twice
    rows = list(
        Notification.objects_unscoped.filter(user__in=users).order_by("user__email").values()
    )
    assert len(rows) == 4
    slow, fast = rows[0], rows[3]
    assert {k: slow[k] for k in fields} == {k: fast[k] for k in fields}
    assert fast["created_at"] is not None and fast["updated_at"] is not None
    assert {r["id"] for r in rows[2:]} == set(created)
