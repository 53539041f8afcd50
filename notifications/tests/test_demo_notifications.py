"""The demo's notifications are made by the real handlers from real events: each link opens
what it names, and a scored result's bracket is the result's own, shown by its label."""

import pytest
from django.core.management import call_command
from django.urls import resolve

from accounts.models import User
from notifications.models import Notification
from scoring.choices import Bracket
from scoring.models import AssessmentScoringResult

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")


def test_the_demos_notifications_come_from_real_events_and_match_their_results(demo):
    olivia = User.objects.get(email="olivia@acme.example")
    notifications = list(Notification.objects.filter(user=olivia))
    assert not Notification.objects.filter(idempotency_key__startswith="demo:").exists()
    assert {"assessment_scored", "industry_trend", "security_alert"} <= {
        n.type for n in notifications
    }
    for n in notifications:
        assert n.link and resolve(n.link), n.title  # every link opens a page of the portal
        assert "score_" not in n.message, n.message
    scored = [n for n in notifications if n.type == "assessment_scored"]
    for n in scored:
        match = resolve(n.link)
        assert match.url_name == "result", n.link
        result = AssessmentScoringResult.objects.get(pk=match.kwargs["result_id"], user=olivia)
        assert f"You scored {result.score} — Bracket {Bracket(result.bracket).label}." in n.message
        assert result.get_assessment_type_display() in n.title


def test_loading_the_demo_again_adds_no_notification(demo, django_capture_on_commit_callbacks):
    before = Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    assert Notification.objects.count() == before
