"""Working together: delegated questions (guardian grants), invitations by email, assignments,
reminders, and strategic pulses that are never attributed."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from assessments import services
from assessments.models import (
    AssessmentAssignment,
    AssessmentDelegation,
    AssessmentInvitation,
    PulseResponse,
    QuestionDelegation,
    StrategicPulse,
)
from events.models import Event
from orgs.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def attempt(alice, acme, bank):
    return services.attempt_start(user=alice, org=acme, assessment_type="strategic_maturity")


def test_a_delegate_sees_and_answers_only_what_was_delegated(
    client, alice, bob, acme, attempt, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.questions_delegate(
            attempt=attempt,
            owner=alice,
            email=bob.email,
            question_keys=["t_review"],
            message="You run the pipeline review.",
        )
    assert mail.outbox[-1].to == [bob.email]
    event = Event.objects.get(event_type="delegation.received")
    assert event.event_data["delegate_user_id"] == str(bob.pk)

    client.force_login(bob)
    page = client.get(reverse("assessments:delegated")).content.decode()
    assert "How often is the pipeline reviewed?" in page
    assert "How visible is your pipeline?" not in page  # not delegated: never shown
    # Bob cannot open Alice's attempt itself.
    take = reverse("assessments:take", args=[acme.slug, "strategic_maturity", attempt.pk])
    assert client.get(take).status_code == 404

    row = QuestionDelegation.objects.get(assessment_id=attempt.pk)
    bad = client.post(
        reverse("assessments:delegated"), {"delegation_id": row.pk, "answer": "daily"}
    )
    assert bad.status_code == 400 and "Choose one of the options" in bad.content.decode()
    ok = client.post(
        reverse("assessments:delegated"), {"delegation_id": row.pk, "answer": "weekly"}
    )
    assert ok.status_code == 302
    attempt.refresh_from_db()
    assert attempt.answers == {"t_review": "weekly"}
    assert AssessmentDelegation.objects.get(assessment_id=attempt.pk).status == "completed"

    # The owner sees who answered what.
    client.force_login(alice)
    team = client.get(reverse("assessments:team", args=[acme.slug])).content.decode()
    assert f"answered by {bob.email}" in team
    assert f"Delegated to {bob.email}" in client.get(take).content.decode()


def test_a_colleague_not_delegated_to_cannot_answer(client, alice, bob, acme, attempt):
    services.questions_delegate(
        attempt=attempt, owner=alice, email=bob.email, question_keys=["t_review"]
    )
    row = QuestionDelegation.objects.get(assessment_id=attempt.pk)
    mia = MembershipFactory(org=acme, user=UserFactory(email="mia@acme.test")).user
    client.force_login(mia)
    response = client.post(
        reverse("assessments:delegated"), {"delegation_id": row.pk, "answer": "weekly"}
    )
    assert response.status_code == 404
    with pytest.raises(QuestionDelegation.DoesNotExist):
        services.question_answer(delegation_id=row.pk, user=mia, answer="weekly")
    attempt.refresh_from_db()
    assert attempt.answers == {}


def test_delegating_by_email_to_someone_new_goes_through_an_invitation(
    client, alice, acme, attempt, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.questions_delegate(
            attempt=attempt, owner=alice, email="cfo@outside.test", question_keys=["t_growth"]
        )
    body = mail.outbox[-1].body
    token = body.split("/me/invitations/")[1].split("/")[0]
    assert AssessmentInvitation.objects.get(email="cfo@outside.test").status == "pending"

    stranger = UserFactory(email="someone@else.test")
    client.force_login(stranger)
    refused = client.get(reverse("assessments:invitation_accept", args=[token]))
    assert refused.status_code == 400 and "cfo@outside.test" in refused.content.decode()

    cfo = UserFactory(email="cfo@outside.test")
    client.force_login(cfo)
    assert client.get(reverse("assessments:invitation_accept", args=[token])).status_code == 302
    row = QuestionDelegation.objects.get(assessment_id=attempt.pk)
    assert row.delegate == cfo
    services.question_answer(delegation_id=row.pk, user=cfo, answer=25)
    attempt.refresh_from_db()
    assert attempt.answers == {"t_growth": 25}
    # The CFO is not a member: Acme's pages stay closed to them.
    assert client.get(reverse("assessments:index", args=[acme.slug])).status_code == 404


def test_bad_delegations_get_clear_messages(alice, bob, acme, attempt):
    with pytest.raises(ValidationError, match="yourself"):
        services.questions_delegate(
            attempt=attempt, owner=alice, email=alice.email, question_keys=["t_review"]
        )
    with pytest.raises(ValidationError, match="Choose questions"):
        services.questions_delegate(
            attempt=attempt, owner=alice, email=bob.email, question_keys=["nope"]
        )
    with pytest.raises(PermissionDenied):
        services.questions_delegate(
            attempt=attempt, owner=bob, email="x@acme.test", question_keys=["t_review"]
        )


def test_reminders_go_out_until_the_delegate_answers(alice, bob, acme, attempt, settings):
    settings.DELEGATION_REMINDER_DAYS = 3
    services.questions_delegate(
        attempt=attempt, owner=alice, email=bob.email, question_keys=["t_review"]
    )
    delegation = AssessmentDelegation.objects.get()
    AssessmentDelegation.objects.filter(pk=delegation.pk).update(
        created_at=timezone.now() - timedelta(days=3)
    )
    mail.outbox.clear()
    assert services.delegation_reminders_send_unscoped() == 1
    assert mail.outbox[-1].to == [bob.email] and "Reminder" in mail.outbox[-1].subject
    assert Event.objects.filter(event_type="delegation.reminder").count() == 1
    row = QuestionDelegation.objects.get()
    services.question_answer(delegation_id=row.pk, user=bob, answer="weekly")
    assert services.delegation_reminders_send_unscoped() == 0


def test_assignments_go_to_members_only(client, alice, bob, acme):
    client.force_login(alice)
    url = reverse("assessments:team", args=[acme.slug])
    refused = client.post(url, {"email": "nobody@acme.test", "assessment_type": "leadership"})
    assert refused.status_code == 400 and "members of the organisation" in refused.content.decode()
    assert (
        client.post(url, {"email": bob.email, "assessment_type": "leadership"}).status_code == 302
    )
    assignment = AssessmentAssignment.objects.get()
    assert assignment.assignee == bob and assignment.status == "assigned"
    client.force_login(bob)
    assert (
        "Assigned to you"
        in client.get(reverse("assessments:index", args=[acme.slug])).content.decode()
    )
    assert client.post(url, {"email": alice.email, "assessment_type": "bpm"}).status_code == 403


def _members(acme, count):
    return [
        MembershipFactory(org=acme, user=UserFactory(email=f"p{i}@acme.test")).user
        for i in range(count)
    ]


def test_a_pulse_is_aggregated_and_hidden_below_three_answers(client, alice, acme):
    people = _members(acme, 3)
    client.force_login(alice)
    response = client.post(
        reverse("assessments:pulses", args=[acme.slug]),
        {
            "title": "Q3 pulse",
            "statements": "Strategy is clear\nWe learn from customers",
            "emails": [p.email for p in people],
            "days_open": 7,
            "cadence_days": 90,
        },
    )
    assert response.status_code == 302
    pulse = StrategicPulse.objects.get()
    assert pulse.delegations.count() == 3 and pulse.cadence_days == 90
    assert Event.objects.get(event_type="pulse.due").event_data["user_ids"]
    detail = reverse("assessments:pulse_detail", args=[acme.slug, pulse.pk])

    for index, person in enumerate(people[:2]):
        services.pulse_respond(pulse=pulse, user=person, answers={"q1": 4, "q2": index + 1})
    page = client.get(detail).content.decode()
    assert "at least 3 people" in page and "Average" not in page
    assert services.pulse_summary(pulse)["questions"] == []

    client.force_login(people[2])
    respond = reverse("assessments:pulse_respond", args=[acme.slug, pulse.pk])
    bad = client.post(respond, {"q1": "7", "q2": "3"})
    assert bad.status_code == 400 and "from 1 to 5" in bad.content.decode()
    assert client.post(respond, {"q1": "5", "q2": "3"}).status_code == 302
    with pytest.raises(ValidationError, match="already answered"):
        services.pulse_respond(pulse=pulse, user=people[2], answers={"q1": 5, "q2": 3})
    summary = services.pulse_summary(pulse)
    assert summary["questions"][0]["average"] == pytest.approx(4.33, abs=0.01)
    client.force_login(alice)
    page = client.get(detail).content.decode()
    assert "Average" in page
    for person in people:  # never attributed
        assert person.email not in page


def test_only_recipients_answer_a_pulse(alice, bob, acme):
    people = _members(acme, 1)
    pulse = services.pulse_create(
        org=acme, created_by=alice, title="Pulse", statements=["One"], emails=[people[0].email]
    )
    with pytest.raises(PermissionDenied):
        services.pulse_respond(pulse=pulse, user=bob, answers={"q1": 3})
    assert not PulseResponse.objects.exists()


def test_pulse_creation_errors(alice, acme):
    with pytest.raises(ValidationError) as info:
        services.pulse_create(
            org=acme, created_by=alice, title="", statements=[], emails=["x@nowhere.test"]
        )
    errors = info.value.message_dict
    assert {"title", "statements", "emails"} <= set(errors)


def test_a_recurring_pulse_opens_its_next_round(alice, acme):
    people = _members(acme, 2)
    pulse = services.pulse_create(
        org=acme,
        created_by=alice,
        title="Monthly",
        statements=["One"],
        emails=[p.email for p in people],
        days_open=7,
        cadence_days=30,
    )
    later = timezone.now() + timedelta(days=31)
    assert services.pulses_roll_over_unscoped(now=later) == 1
    pulse.refresh_from_db()
    assert pulse.status == "closed"
    successor = StrategicPulse.objects.get(previous=pulse)
    assert successor.status == "open" and successor.delegations.count() == 2
