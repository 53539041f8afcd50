import pytest
from django.conf import settings
from django.core.management import call_command

from accounts.models import User
from notifications.models import Notification
from orgs.models import Membership, Organization


@pytest.mark.django_db
def test_the_demo_data_loads_twice_without_change_and_its_logins_work(client):
    call_command("seed_demo")
    counts = (
        User.objects.count(),
        Organization.objects.count(),
        Membership.objects.count(),
        Notification.objects.count(),
    )
    call_command("seed_demo")
    assert counts == (
        User.objects.count(),
        Organization.objects.count(),
        Membership.objects.count(),
        Notification.objects.count(),
    )
    assert counts[1] == 2 and counts[0] == 7

    response = client.post(
        "/accounts/login/", {"login": "olivia@acme.example", "password": settings.DEMO_PASSWORD}
    )
    assert response.status_code == 302
    page = client.get("/dashboard/").content.decode()
    assert "Acme Growth Co" in page and 'data-testid="unread-badge">2' in page
    client.logout()
    client.post(
        "/accounts/login/",
        {"login": "staff@growthplatform.example", "password": settings.DEMO_PASSWORD},
    )
    assert client.get("/admin/").status_code == 200
