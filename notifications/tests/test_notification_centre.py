import pytest
from django.urls import reverse

from notifications.models import Notification
from notifications.tests.factories import NotificationFactory


@pytest.mark.django_db
def test_the_centre_lists_the_users_notifications_newest_first_with_an_unread_badge(
    client, alice, acme, bob
):
    old = NotificationFactory(user=alice, title="Older one")
    new = NotificationFactory(user=alice, title="Newer one", priority="high")
    NotificationFactory(user=bob, title="Bob's private note")
    client.force_login(alice)

    page = client.get(reverse("notifications:index")).content.decode()

    assert page.index("Newer one") < page.index("Older one")
    assert "Bob's private note" not in page
    assert 'data-testid="unread-badge">2' in page
    assert old.pk and new.pk


@pytest.mark.django_db
def test_mark_one_and_all_read(client, alice, acme):
    first, second = NotificationFactory(user=alice), NotificationFactory(user=alice)
    client.force_login(alice)
    client.post(reverse("notifications:mark_read", args=[first.pk]))
    first.refresh_from_db()
    assert first.is_read and not Notification.objects.get(pk=second.pk).is_read
    client.post(reverse("notifications:mark_all_read"))
    assert not Notification.objects.filter(user=alice, is_read=False).exists()


@pytest.mark.django_db
def test_another_users_notification_cannot_be_marked(client, alice, bob, acme):
    foreign = NotificationFactory(user=bob)
    client.force_login(alice)
    client.post(reverse("notifications:mark_read", args=[foreign.pk]))
    foreign.refresh_from_db()
    assert not foreign.is_read


@pytest.mark.django_db
def test_filters_by_type_and_priority_and_ignores_unknown_values(client, alice, acme):
    NotificationFactory(user=alice, title="Scored", type="assessment_scored", priority="low")
    NotificationFactory(user=alice, title="Payment", type="payment_failed", priority="high")
    client.force_login(alice)
    page = client.get(reverse("notifications:index"), {"priority": "high"}).content.decode()
    assert "Payment" in page and "Scored" not in page
    page = client.get(reverse("notifications:index"), {"type": "nonsense"}).content.decode()
    assert "Payment" in page and "Scored" in page


@pytest.mark.django_db
def test_the_page_runs_a_constant_number_of_queries(
    client, alice, acme, django_assert_max_num_queries
):
    client.force_login(alice)
    NotificationFactory(user=alice)
    client.get(reverse("notifications:index"))
    with django_assert_max_num_queries(12):
        client.get(reverse("notifications:index"))
    NotificationFactory.create_batch(30, user=alice)
    with django_assert_max_num_queries(12):
        client.get(reverse("notifications:index"))


@pytest.mark.django_db
def test_an_open_redirect_is_refused(client, alice, acme):
    n = NotificationFactory(user=alice)
    client.force_login(alice)
    response = client.post(
        reverse("notifications:mark_read", args=[n.pk]), {"next": "https://evil.test/"}
    )
    assert response.url == reverse("notifications:index")
