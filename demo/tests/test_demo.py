import pytest
from django.conf import settings
from django.core.management import call_command

from accounts.models import User
from notifications.models import Notification
from orgs.models import Membership, Organization


@pytest.mark.django_db
def test_the_demo_data_loads_twice_without_change_and_its_logins_work(
    client, django_capture_on_commit_callbacks
):
    # As in a real run: the seed commits, then its events become notifications.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    counts = (
        User.objects.count(),
        Organization.objects.count(),
        Membership.objects.count(),
        Notification.objects.count(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    assert counts == (
        User.objects.count(),
        Organization.objects.count(),
        Membership.objects.count(),
        Notification.objects.count(),
    )
    assert counts[1] == 3 and counts[0] == 8
    olivia = User.objects.get(email="olivia@acme.example")
    unread = Notification.objects.filter(user=olivia, is_read=False).count()
    # Every assessment type has a scored history over past months, and a delegated draft and
    # an answered pulse exist, so a newcomer sees results, history and charts at once.
    from assessments.models import QuestionDelegation, StrategicPulse
    from scoring.choices import AssessmentType
    from scoring.models import AssessmentScoringResult

    per_type = {
        t: AssessmentScoringResult.objects.filter(user=olivia, assessment_type=t).count()
        for t in AssessmentType.values
    }
    assert all(n >= 3 for n in per_type.values()), per_type
    assert QuestionDelegation.objects.filter(owner=olivia, status="completed").exists()
    assert StrategicPulse.objects.get(org__slug="acme").responses.count() >= 3

    response = client.post(
        "/accounts/login/", {"login": "olivia@acme.example", "password": settings.DEMO_PASSWORD}
    )
    assert response.status_code == 302
    page = client.get("/dashboard/", follow=True).content.decode()
    assert "Acme Growth Co" in page and f'data-testid="unread-badge">{unread}' in page
    client.logout()
    client.post(
        "/accounts/login/",
        {"login": "staff@growthplatform.example", "password": settings.DEMO_PASSWORD},
    )
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_a_rerun_in_a_later_hour_writes_no_second_digest(django_capture_on_commit_callbacks):
    """The demo's digest belongs to the hour its trend was published in, not the hour of the run
    (CI once ran the two loads of the test above across 15:00 and got two more notifications)."""
    from datetime import timedelta
    from unittest import mock

    from django.utils import timezone

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    before = Notification.objects.count()
    later = timezone.now() + timedelta(hours=1)
    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("seed_demo")
    assert Notification.objects.count() == before
