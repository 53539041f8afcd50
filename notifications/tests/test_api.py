"""/api/v1/notifications/: the caller's own notifications, filters, mark read, unread count."""

import pytest
from django.urls import reverse

from notifications.models import Notification
from notifications.tests.factories import NotificationFactory
from orgs.services import api_key_create

pytestmark = pytest.mark.django_db

LIST = reverse("api:notification-list")
READ_ALL = reverse("api:notification-read-all")
UNREAD = reverse("api:notification-unread-count")


def test_it_lists_only_the_callers_notifications_newest_first(client, alice, bob):
    older = NotificationFactory(user=alice, title="Older")
    newer = NotificationFactory(user=alice, title="Newer")
    NotificationFactory(user=bob, title="Bob's")
    client.force_login(alice)

    body = client.get(LIST).json()

    assert [row["id"] for row in body["results"]] == [str(newer.pk), str(older.pk)]
    assert set(body["results"][0]) == {
        "id",
        "type",
        "title",
        "message",
        "priority",
        "link",
        "is_read",
        "created_at",
    }


def test_it_filters_by_type_priority_and_read_state(client, alice):
    NotificationFactory(user=alice, title="Scored", type="assessment_scored", priority="low")
    NotificationFactory(user=alice, title="Payment", type="payment_failed", priority="high")
    NotificationFactory(user=alice, title="Read", type="payment_failed", is_read=True)
    client.force_login(alice)

    def titles(**params):
        return sorted(row["title"] for row in client.get(LIST, params).json()["results"])

    assert titles(priority="high") == ["Payment"]
    assert titles(type="payment_failed") == ["Payment", "Read"]
    assert titles(type="payment_failed", is_read="false") == ["Payment"]
    assert client.get(LIST, {"priority": "urgent"}).status_code == 400


def test_mark_one_read_then_all_and_the_unread_count_follows(client, alice):
    first, _second, _third = NotificationFactory.create_batch(3, user=alice)
    client.force_login(alice)
    assert client.get(UNREAD).json() == {"unread": 3}

    response = client.post(reverse("api:notification-read", args=[first.pk]))

    assert response.status_code == 200 and response.json()["is_read"] is True
    assert client.get(UNREAD).json() == {"unread": 2}
    assert client.post(READ_ALL).json() == {"marked_read": 2}
    assert client.get(UNREAD).json() == {"unread": 0}


def test_another_users_notification_answers_404_and_stays_unread(client, alice, bob):
    foreign = NotificationFactory(user=bob)
    client.force_login(alice)

    assert client.get(reverse("api:notification-detail", args=[foreign.pk])).status_code == 404
    assert client.post(reverse("api:notification-read", args=[foreign.pk])).status_code == 404
    client.post(READ_ALL)
    foreign.refresh_from_db()
    assert foreign.is_read is False


def test_anonymous_callers_are_refused(client):
    assert client.get(LIST).status_code == 401
    assert client.post(READ_ALL).status_code == 401


def test_an_organisations_api_key_cannot_read_its_creators_notifications(client, alice, acme):
    NotificationFactory(user=alice, title="Personal")
    _key, raw = api_key_create(org=acme, name="BI", scope="read_write", created_by=alice)
    auth = {"HTTP_AUTHORIZATION": f"Api-Key {raw}"}

    assert client.get(LIST, **auth).status_code == 403
    assert client.post(READ_ALL, **auth).status_code == 403
    assert Notification.objects.filter(user=alice, is_read=False).count() == 1


def test_the_list_runs_a_constant_number_of_queries(client, alice):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(alice)
    NotificationFactory(user=alice)
    client.get(LIST)
    with CaptureQueriesContext(connection) as small:
        client.get(LIST)
    NotificationFactory.create_batch(30, user=alice)
    with CaptureQueriesContext(connection) as large:
        assert client.get(LIST).status_code == 200
    assert len(large) <= len(small)
