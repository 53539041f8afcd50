"""Staff edit question banks in the admin: a bank must be scorable, and a version that attempts
used is frozen (a new version is published with 'Save as new')."""

import json

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import AssessmentTemplate

pytestmark = pytest.mark.django_db


def _form(template, **changes):
    data = {
        "assessment_type": template.assessment_type,
        "version": template.version,
        "title": template.title,
        "description": template.description,
        "questions": json.dumps(template.questions),
        "rubric": json.dumps(template.rubric),
        "is_active": "on" if template.is_active else "",
    }
    data.update(changes)
    return data


def test_weights_that_do_not_sum_are_refused_with_a_message(client, staff, bank):
    client.force_login(staff)
    rubric = dict(bank.rubric)
    rubric["categories"] = [dict(c) for c in rubric["categories"]]
    rubric["categories"][0]["weight"] = 0.7
    url = reverse("admin:assessments_assessmenttemplate_change", args=[bank.pk])
    response = client.post(url, _form(bank, rubric=json.dumps(rubric)))
    assert response.status_code == 200
    assert "Category weights must sum to 1; they sum to 1.1." in response.content.decode()
    bank.refresh_from_db()
    assert bank.rubric["categories"][0]["weight"] == 0.6


def test_a_used_version_is_frozen_and_save_as_new_publishes_the_next(
    client, staff, alice, acme, bank
):
    services.attempt_start(user=alice, org=acme, assessment_type="strategic_maturity")
    client.force_login(staff)
    url = reverse("admin:assessments_assessmenttemplate_change", args=[bank.pk])
    questions = [dict(q) for q in bank.questions]
    questions[0]["weight"] = 3
    response = client.post(url, _form(bank, questions=json.dumps(questions)))
    assert response.status_code == 200 and "frozen" in response.content.decode()
    # Editing the title alone is fine.
    assert client.post(url, _form(bank, title="Strategy")).status_code == 302

    response = client.post(
        url, _form(bank, version="test-v2", questions=json.dumps(questions), _saveasnew="1")
    )
    assert response.status_code == 302
    newer = AssessmentTemplate.objects.get(version="test-v2")
    bank.refresh_from_db()
    assert newer.is_active and not bank.is_active
    assert newer.questions[0]["weight"] == 3 and bank.questions[0]["weight"] == 2
