"""Dates that cannot be meant (issue 11): an assignment or a delegation due in 1999 or in 2999, a
pulse repeating every billion days. Refused with a field error in the form, the API and the
service; nothing is created."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from assessments import services
from assessments.models import AssessmentAssignment, AssessmentDelegation, StrategicPulse

pytestmark = pytest.mark.django_db

PAST = date(1999, 1, 1)
FAR = date(2999, 1, 1)


def _in(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


@pytest.mark.parametrize(
    ("due", "message"),
    [(PAST, "cannot be in the past"), (_in(-3), "in the past"), (FAR, "within two years")],
)
def test_an_assignment_due_at_an_unmeant_date_is_a_field_error(
    client, alice, bob, acme, due, message
):
    client.force_login(alice)
    url = reverse("assessments:team", args=[acme.slug])
    data = {"email": bob.email, "assessment_type": "leadership", "due_date": due.isoformat()}
    response = client.post(url, data)
    assert response.status_code == 400
    assert response.context["form"].errors["due_date"][0].find(message) >= 0
    with pytest.raises(ValidationError) as refused:
        services.assignment_create(
            org=acme, assigned_by=alice, email=bob.email, assessment_type="leadership", due_date=due
        )
    assert "due_date" in refused.value.message_dict
    assert not AssessmentAssignment.objects.exists()


@pytest.mark.parametrize("due", [_in(0), _in(30), _in(services.DUE_DATE_MAX_DAYS)])
def test_an_assignment_due_from_today_to_two_years_ahead_is_accepted(client, alice, bob, acme, due):
    client.force_login(alice)
    url = reverse("assessments:team", args=[acme.slug])
    data = {"email": bob.email, "assessment_type": "leadership", "due_date": due.isoformat()}
    assert client.post(url, data).status_code == 302
    assert AssessmentAssignment.objects.get().due_date == due


@pytest.fixture
def attempt(alice, acme, bank):
    return services.attempt_start(user=alice, org=acme, assessment_type="strategic_maturity")


@pytest.mark.parametrize("due", [PAST, FAR])
def test_a_delegation_due_at_an_unmeant_date_is_refused_in_form_and_api(
    client, alice, bob, acme, attempt, due
):
    client.force_login(alice)
    url = reverse("assessments:delegate", args=[acme.slug, "strategic_maturity", attempt.pk])
    data = {"email": bob.email, "question_keys": ["t_review"], "due_date": due.isoformat()}
    response = client.post(url, data, follow=True)
    assert "due date" in response.content.decode()
    api = APIClient()
    api.force_authenticate(alice)
    payload = {
        "assessment_type": "strategic_maturity",
        "assessment_id": str(attempt.pk),
        "email": bob.email,
        "question_keys": ["t_review"],
        "due_date": due.isoformat(),
    }
    response = api.post(reverse("api:delegation-list", args=[acme.slug]), payload, format="json")
    assert response.status_code == 400 and "due_date" in response.json()
    assert not AssessmentDelegation.objects.exists()


def test_a_pulse_repeating_beyond_a_year_is_a_field_error(alice, bob, acme):
    api = APIClient()
    api.force_authenticate(alice)
    payload = {
        "title": "Pulse",
        "statements": ["Clear?"],
        "emails": [bob.email],
        "days_open": 7,
        "cadence_days": 10**9,
    }
    response = api.post(reverse("api:pulse-list", args=[acme.slug]), payload, format="json")
    assert response.status_code == 400 and "cadence_days" in response.json()
    assert not StrategicPulse.objects.exists()


def test_a_pulse_saved_with_an_absurd_cadence_does_not_stop_the_roll_over(alice, bob, acme):
    pulse = services.pulse_create(
        org=acme, created_by=alice, title="Old", statements=["One"], emails=[bob.email]
    )
    pulse.cadence_days = 10**9  # saved before the cap existed
    pulse.save(update_fields=["cadence_days"])
    assert services.pulses_roll_over_unscoped(now=timezone.now() + timedelta(days=400)) == 1
    successor = StrategicPulse.objects.get(previous=pulse)
    assert successor.cadence_days == services.PULSE_MAX_CADENCE_DAYS
