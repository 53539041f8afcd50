"""What a plan without a feature still lets people do, and what it no longer offers.

Decision (docs/security.md, "Roles, keys and plans"): the paying organisation's plan gates what
it starts (exports, delegations, assignments, pulses and their recurring rounds, API keys);
people it already asked (a delegate, a pulse recipient) may finish, and anyone may withdraw
access granted before (revoking a delegation or an API key).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from assessments import services
from assessments.models import QuestionDelegation, StrategicPulse
from billing.tests.factories import subscription_set
from orgs import services as org_services
from orgs.models import ApiKey
from orgs.tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def banks(db):
    from assessments.banks import load_banks
    from assessments.models import AssessmentTemplate

    load_banks(AssessmentTemplate)


def _people(org, n):
    return [MembershipFactory(org=org, user=UserFactory()).user for _ in range(n)]


def test_a_free_owner_is_not_offered_api_keys_but_an_upgrade(client):
    org = OrganizationFactory(plan="Free")
    client.force_login(org.owner)

    body = client.get(reverse("orgs:api_keys", args=[org.slug])).content.decode()

    assert "API access is part of Growth and Scale" in body
    assert f'href="/billing/{org.slug}/"' in body
    assert "Create key" not in body


def test_a_free_owner_posting_the_api_key_form_gets_402_and_no_key(client):
    org = OrganizationFactory(plan="Free")
    client.force_login(org.owner)

    response = client.post(reverse("orgs:api_keys", args=[org.slug]), {"name": "BI"})

    assert response.status_code == 402
    assert not ApiKey.objects.filter(org=org).exists()


def test_a_paid_owner_is_offered_the_api_key_form(client):
    org = OrganizationFactory(plan="Growth")
    client.force_login(org.owner)

    body = client.get(reverse("orgs:api_keys", args=[org.slug])).content.decode()

    assert "Create key" in body and "API access is part of" not in body


def test_a_downgraded_org_may_still_revoke_its_api_keys(client):
    org = OrganizationFactory(plan="Growth")
    key, _ = org_services.api_key_create(org=org, name="BI", scope="read", created_by=org.owner)
    subscription_set(user=org.owner, plan="Free")
    client.force_login(org.owner)

    response = client.post(reverse("orgs:api_key_revoke", args=[org.slug, key.pk]))

    assert response.status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None


def test_a_free_result_page_offers_an_upgrade_instead_of_exports(client):
    from scoring.tests.factories import AssessmentScoringResultFactory

    org = OrganizationFactory(plan="Free")
    result = AssessmentScoringResultFactory(user=org.owner, org=org, category_scores={})
    client.force_login(org.owner)

    body = client.get(reverse("assessments:result", args=[org.slug, result.pk])).content.decode()

    assert 'data-feature-locked="exports"' in body
    assert "report.pdf" not in body and "report.csv" not in body


@pytest.mark.parametrize("page", ["assessments:pulses", "assessments:team"])
def test_free_collaboration_pages_stay_readable_and_offer_an_upgrade(client, page):
    org = OrganizationFactory(plan="Free")
    client.force_login(org.owner)

    response = client.get(reverse(page, args=[org.slug]))

    assert response.status_code == 200
    assert 'data-feature-locked="team_collaboration"' in response.content.decode()


def _delegated(org, banks):
    attempt = services.attempt_start(user=org.owner, org=org, assessment_type="strategic_maturity")
    question = next(q for q in attempt.template.questions if q["type"] == "likert")
    delegate = _people(org, 1)[0]
    services.questions_delegate(
        attempt=attempt, owner=org.owner, email=delegate.email, question_keys=[question["key"]]
    )
    return attempt, question, delegate


def test_a_free_owner_cannot_delegate_from_the_portal_or_the_api(client, banks):
    org = OrganizationFactory(plan="Free")
    attempt = services.attempt_start(user=org.owner, org=org, assessment_type="strategic_maturity")
    key = attempt.template.questions[0]["key"]
    email = _people(org, 1)[0].email
    client.force_login(org.owner)

    portal = client.post(
        reverse("assessments:delegate", args=[org.slug, "strategic_maturity", attempt.pk]),
        {"email": email, "question_keys": [key]},
    )
    api = client.post(
        reverse("api:delegation-list", args=[org.slug]),
        {
            "assessment_type": "strategic_maturity",
            "assessment_id": str(attempt.pk),
            "email": email,
            "question_keys": [key],
        },
        content_type="application/json",
    )

    assert portal.status_code == 402 and api.status_code == 402
    assert api.json()["feature"] == "team_collaboration"
    assert not QuestionDelegation.objects.filter(assessment_id=attempt.pk).exists()


def test_a_delegate_may_finish_after_the_org_is_downgraded(client, banks):
    org = OrganizationFactory(plan="Growth")
    attempt, question, delegate = _delegated(org, banks)
    subscription_set(user=org.owner, plan="Free")
    row = QuestionDelegation.objects.get(assessment_id=attempt.pk)
    value = int((question.get("scale") or {}).get("min", 1))
    client.force_login(delegate)

    response = client.post(
        reverse("assessments:delegated"), {"delegation_id": row.pk, "answer": value}
    )

    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.answers == {question["key"]: value}


def test_a_downgraded_owner_may_still_revoke_a_delegation(client, banks):
    from assessments.models import AssessmentDelegation

    org = OrganizationFactory(plan="Growth")
    attempt, _, _ = _delegated(org, banks)
    subscription_set(user=org.owner, plan="Free")
    delegation = AssessmentDelegation.objects.get(assessment_id=attempt.pk)
    client.force_login(org.owner)

    response = client.post(reverse("assessments:delegation_revoke", args=[org.slug, delegation.pk]))

    assert response.status_code == 302
    delegation.refresh_from_db()
    assert delegation.status == "revoked"


def _pulse(org, *, cadence_days=None):
    people = _people(org, 3)
    pulse = services.pulse_create(
        org=org,
        created_by=org.owner,
        title="Pulse",
        statements=["Clear"],
        emails=[p.email for p in people],
        days_open=7,
        cadence_days=cadence_days,
    )
    return pulse, people


def test_a_pulse_recipient_may_answer_after_the_org_is_downgraded(client):
    org = OrganizationFactory(plan="Growth")
    pulse, people = _pulse(org)
    subscription_set(user=org.owner, plan="Free")
    key = pulse.questions[0]["key"]

    client.force_login(people[0])
    portal = client.post(reverse("assessments:pulse_respond", args=[org.slug, pulse.pk]), {key: 4})
    client.force_login(people[1])
    api = client.post(
        reverse("api:pulse-respond", args=[org.slug, pulse.pk]),
        {"answers": {key: 3}},
        content_type="application/json",
    )

    assert portal.status_code == 302 and api.status_code == 201
    assert pulse.responses.count() == 2


def test_a_recurring_pulse_of_a_downgraded_org_closes_without_a_next_round():
    org = OrganizationFactory(plan="Growth")
    pulse, _ = _pulse(org, cadence_days=30)
    subscription_set(user=org.owner, plan="Free")

    opened = services.pulses_roll_over_unscoped(now=timezone.now() + timedelta(days=31))

    pulse.refresh_from_db()
    assert opened == 0 and pulse.status == "closed"
    assert not StrategicPulse.objects.filter(previous=pulse).exists()
