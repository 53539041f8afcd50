"""The assessments API: start, answer, submit, results (recompute for staff), exports,
delegations and pulses; bad input is a 400 with field errors and loses nothing."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory
from assessments import services
from assessments.models import AssessmentDelegation, StrategicPulse
from assessments.tests.conftest import FULL_ANSWERS
from orgs.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def _url(name, *args):
    return reverse(f"api:{name}", args=args)


def test_templates_are_listed_read_only(api, alice, bank):
    api.force_authenticate(alice)
    response = api.get(_url("assessment-template-list"), {"assessment_type": "strategic_maturity"})
    assert response.status_code == 200
    assert [t["version"] for t in response.json()["results"]] == ["test-v1"]
    assert api.post(_url("assessment-template-list"), {}).status_code == 405


def test_start_answer_and_submit_through_the_api(api, alice, acme, bank):
    api.force_authenticate(alice)
    created = api.post(_url("assessment-list", acme.slug, "strategic_maturity"), format="json")
    assert created.status_code == 201
    attempt_id = created.json()["id"]
    # Starting again resumes the same draft.
    again = api.post(_url("assessment-list", acme.slug, "strategic_maturity"), format="json")
    assert again.json()["id"] == attempt_id

    answers_url = _url("assessment-answers", acme.slug, "strategic_maturity", attempt_id)
    ok = api.post(answers_url, {"answers": {"t_pipeline": 4}}, format="json")
    assert ok.status_code == 200 and ok.json()["answers"] == {"t_pipeline": 4}

    # Wrong type, out of range, unknown question: field errors, nothing lost, valid ones kept.
    bad = api.post(
        answers_url,
        {"answers": {"t_pipeline": 9, "t_review": "weekly", "t_growth": "lots", "nope": 1}},
        format="json",
    )
    assert bad.status_code == 400
    errors = bad.json()["answers"]
    assert set(errors) == {"t_pipeline", "t_growth", "nope"}
    assert bad.json()["saved"]["answers"] == {"t_pipeline": 4, "t_review": "weekly"}

    submit_url = _url("assessment-submit", acme.slug, "strategic_maturity", attempt_id)
    incomplete = api.post(submit_url, format="json")
    assert incomplete.status_code == 400 and incomplete.json()["missing"] == ["t_channels"]

    api.post(answers_url, {"answers": FULL_ANSWERS}, format="json")
    submitted = api.post(submit_url, format="json")
    assert submitted.status_code == 201
    body = submitted.json()
    assert body["score"] == "3.48" and body["bracket"] == "score_3_5"
    assert body["rubric_version"] == "v1"
    # A submitted attempt takes no more answers.
    late = api.post(answers_url, {"answers": {"t_pipeline": 1}}, format="json")
    assert late.status_code == 400


def test_unknown_fields_and_types_are_refused(api, alice, acme, bank):
    api.force_authenticate(alice)
    refused = api.post(
        _url("assessment-list", acme.slug, "strategic_maturity"), {"user": "x"}, format="json"
    )
    assert refused.status_code == 400 and "user" in refused.json()
    assert api.get(_url("assessment-list", acme.slug, "astrology")).status_code == 404
    attempt = services.attempt_start(user=alice, org=acme, assessment_type="strategic_maturity")
    url = _url("assessment-answers", acme.slug, "strategic_maturity", attempt.pk)
    assert api.post(url, {"answers": {}}, format="json").status_code == 400
    assert api.post(url, {"answers": [1]}, format="json").status_code == 400
    assert (
        api.post(url, {"answers": {"t_pipeline": 2}, "status": "x"}, format="json").status_code
        == 400
    )


def _scored(alice, acme):
    attempt = services.attempt_start(user=alice, org=acme, assessment_type="strategic_maturity")
    services.attempt_save_answers(attempt=attempt, answers=FULL_ANSWERS, user=alice)
    return services.attempt_submit(attempt=attempt, user=alice)


def test_results_are_private_and_recompute_is_staff_only(
    api, alice, bob, acme, bank, staff, charlie
):
    result = _scored(alice, acme)
    api.force_authenticate(bob)
    assert api.get(_url("result-list", acme.slug)).json()["results"] == []
    assert api.get(_url("result-detail", acme.slug, result.pk)).status_code == 404

    recompute = _url("result-recompute", acme.slug, result.pk)
    assert api.post(recompute).status_code == 404  # not shared with Bob: it does not exist
    api.force_authenticate(charlie)
    assert api.post(recompute).status_code == 404
    api.force_authenticate(alice)
    assert api.post(recompute).status_code == 403

    api.force_authenticate(staff)
    response = api.post(recompute)
    assert response.status_code == 200
    assert response.json()["changed"] is False
    assert response.json()["result"]["score"] == str(result.score)


def test_result_exports_through_the_api(api, alice, acme, bank):
    result = _scored(alice, acme)
    api.force_authenticate(alice)
    pdf = api.get(_url("result-pdf", acme.slug, result.pk))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    csv = api.get(_url("result-csv", acme.slug, result.pk))
    assert csv.status_code == 200 and b"result,score,3.48" in csv.content


def test_delegations_and_answers_through_the_api(api, alice, bob, acme, bank):
    attempt = services.attempt_start(user=alice, org=acme, assessment_type="strategic_maturity")
    api.force_authenticate(alice)
    bad = api.post(
        _url("delegation-list", acme.slug),
        {
            "assessment_type": "strategic_maturity",
            "assessment_id": str(attempt.pk),
            "email": bob.email,
            "question_keys": ["nope"],
        },
        format="json",
    )
    assert bad.status_code == 400 and "question_keys" in bad.json()
    created = api.post(
        _url("delegation-list", acme.slug),
        {
            "assessment_type": "strategic_maturity",
            "assessment_id": str(attempt.pk),
            "email": bob.email,
            "question_keys": ["t_review"],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert AssessmentDelegation.objects.get().delegate == bob

    api.force_authenticate(bob)
    listed = api.get(_url("delegated-question-list")).json()["results"]
    assert [q["question_key"] for q in listed] == ["t_review"]
    answer_url = _url("delegated-question-answer", listed[0]["id"])
    assert api.post(answer_url, {"answer": "sometimes"}, format="json").status_code == 400
    assert api.post(answer_url, {"answer": "weekly"}, format="json").status_code == 200
    attempt.refresh_from_db()
    assert attempt.answers == {"t_review": "weekly"}
    # Someone else's delegated question does not exist for the caller.
    mia = MembershipFactory(org=acme, user=UserFactory(email="mia@acme.test")).user
    api.force_authenticate(mia)
    assert api.post(answer_url, {"answer": "weekly"}, format="json").status_code == 404


def test_pulses_through_the_api(api, alice, acme):
    people = [
        MembershipFactory(org=acme, user=UserFactory(email=f"p{i}@acme.test")).user
        for i in range(3)
    ]
    api.force_authenticate(alice)
    bad = api.post(
        _url("pulse-list", acme.slug),
        {"title": "Q", "statements": ["Clear"], "emails": ["ghost@acme.test"]},
        format="json",
    )
    assert bad.status_code == 400 and "emails" in bad.json()
    created = api.post(
        _url("pulse-list", acme.slug),
        {"title": "Q", "statements": ["Clear"], "emails": [p.email for p in people]},
        format="json",
    )
    assert created.status_code == 201
    pulse = StrategicPulse.objects.get()
    for index, person in enumerate(people):
        api.force_authenticate(person)
        response = api.post(
            _url("pulse-respond", acme.slug, pulse.pk),
            {"answers": {"q1": index + 3}},
            format="json",
        )
        assert response.status_code == 201
        detail = api.get(_url("pulse-detail", acme.slug, pulse.pk)).json()
        assert detail["summary"]["hidden"] is (index < 2)
    assert detail["summary"]["questions"][0]["average"] == 4.0
    again = api.post(
        _url("pulse-respond", acme.slug, pulse.pk), {"answers": {"q1": 3}}, format="json"
    )
    assert again.status_code == 400
