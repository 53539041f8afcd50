"""The notification centre and the notifications API run the same queries with 10 and with
300 notifications."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import Notification


def _notifications(user, count: int) -> None:
    Notification.objects_unscoped.bulk_create(
        Notification(
            user=user,
            type="assessment_scored",
            title=f"Scored {i}",
            message="Open it.",
            priority="medium",
            link="/dashboard/",
        )
        for i in range(count)
    )


@pytest.mark.parametrize("url", ["/notifications/", "/api/v1/notifications/"])
def test_the_same_queries_with_10_and_300_notifications(client, alice, url):
    client.force_login(alice)
    _notifications(alice, 10)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200

    _notifications(alice, 290)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200

    assert len(large) == len(small), (url, len(small), len(large))
