from datetime import timedelta

import pytest
from django.utils import timezone

from assessments import tasks
from assessments.models import ReassessmentPrompt
from events.models import Event

pytestmark = pytest.mark.django_db


def test_a_due_reassessment_prompt_is_sent_once(alice, acme, django_capture_on_commit_callbacks):
    prompt = ReassessmentPrompt.objects.create(
        user=alice,
        org=acme,
        assessment_type="leadership",
        prompt="Retake leadership",
        due_at=timezone.now() - timedelta(hours=1),
    )
    ReassessmentPrompt.objects.create(
        user=alice,
        org=acme,
        assessment_type="bpm",
        prompt="Later",
        due_at=timezone.now() + timedelta(days=5),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_reassessment_prompts() == 1
        assert tasks.send_reassessment_prompts() == 0  # safe to run twice
    prompt.refresh_from_db()
    assert prompt.status == "sent" and prompt.sent_at is not None
    event = Event.objects.get(event_type="reassessment.due")
    assert event.event_data["link"] == f"/assessments/{acme.slug}/"
    from notifications.models import Notification

    notice = Notification.objects.get(user=alice)
    assert notice.title == "Time to retake Leadership" and notice.link == event.event_data["link"]


def test_the_scheduled_tasks_are_in_the_beat_schedule(settings):
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "assessments.tasks.send_delegation_reminders",
        "assessments.tasks.roll_over_pulses",
        "assessments.tasks.send_reassessment_prompts",
    } <= scheduled
