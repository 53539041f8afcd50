"""The core journey through the portal: onboarding, an assessment page by page, the result."""

from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.models import (
    AssessmentAnalytics,
    AssessmentInsight,
    AssessmentSession,
    OnboardingAssessment,
    ReassessmentPrompt,
    StrategicMaturityAssessment,
)
from events.models import Event
from intelligence.models import AiAnalytics
from scoring.models import AssessmentScoringResult, ScorecardInsight, ScoreStrategicMaturity

pytestmark = pytest.mark.django_db

ONBOARDING_STEPS = [
    {
        "business_overview": "We sell fleet software to mid-sized logistics firms.",
        "business_priorities": "Enter Germany; lift retention; hire a CFO",
        "growth_metrics": "ARR",
    },
    {
        "gtm_strategy": "Outbound sales",
        "differentiator": "Fastest setup",
        "brand_perception": "Reliable",
        "acquisition_channels": "Outbound, events",
        "retention_strategy": "Quarterly reviews",
    },
    {
        "tech_stack": "HubSpot, Xero",
        "tech_maturity": "siloed",
        "process_discipline": "Mixed",
        "team_alignment": "mostly_aligned",
        "strategy_decision_method": "leadership_team",
        "decision_bottlenecks": "Budget approvals",
    },
    {
        "growth_pace": "steady",
        "funding_status": "raising_now",
        "future_success": "€20m ARR",
        "benchmark_preferences": "Samsara",
        "unresolved_issue": "Churn in SMB",
        "friction_choices": ["Slow decision-making"],
        "friction_other": "Long onboarding",
    },
    {"final_confirmation": "confirmed"},
]


def _onboarding_url(org, step=None):
    url = reverse("assessments:onboarding", args=[org.slug])
    return f"{url}?step={step}" if step is not None else url


def test_onboarding_saves_every_step_resumes_and_submits(client, alice, acme):
    client.force_login(alice)
    assert client.get(_onboarding_url(acme)).status_code == 200
    # A bad first step: a clear error, nothing saved that was not valid.
    response = client.post(_onboarding_url(acme), {"step": 0, "business_overview": ""})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()

    client.post(_onboarding_url(acme), {"step": 0, **ONBOARDING_STEPS[0]})
    draft = OnboardingAssessment.objects.get(user=alice, org=acme)
    assert draft.business_overview.startswith("We sell fleet software")
    session = AssessmentSession.objects.get(assessment_id=draft.pk)
    assert (session.current_step, session.total_steps) == (1, 5)

    # Leaving and coming back resumes at step 2 with step 1 kept.
    page = client.get(_onboarding_url(acme)).content.decode()
    assert "Go-to-market" in page
    # An invalid enum value on step 3 is refused; the step-1 answers are untouched.
    bad = dict(ONBOARDING_STEPS[2], tech_maturity="quantum")
    assert client.post(_onboarding_url(acme), {"step": 2, **bad}).status_code == 400
    draft.refresh_from_db()
    assert draft.business_overview.startswith("We sell fleet software") and not draft.tech_stack

    for step, data in enumerate(ONBOARDING_STEPS[1:], start=1):
        response = client.post(_onboarding_url(acme), {"step": step, **data})
        assert response.status_code == 302, response.content.decode()[:2000]
    draft.refresh_from_db()
    assert draft.status == "submitted" and draft.submitted_at is not None
    assert draft.friction_points == ["Slow decision-making", "Long onboarding"]
    assert draft.tech_maturity == "siloed"
    assert AssessmentAnalytics.objects.filter(
        assessment_type="onboarding", event_type="submitted", user=alice
    ).exists()
    assert "Submitted" in client.get(_onboarding_url(acme)).content.decode()


def _start(client, org):
    response = client.post(reverse("assessments:start", args=[org.slug, "strategic_maturity"]))
    assert response.status_code == 302
    return StrategicMaturityAssessment.objects.get(org=org, status="draft")


def test_taking_an_assessment_page_by_page_with_errors_that_lose_nothing(client, alice, acme, bank):
    client.force_login(alice)
    attempt = _start(client, acme)
    take = reverse("assessments:take", args=[acme.slug, "strategic_maturity", attempt.pk])
    assert "How visible is your pipeline?" in client.get(take).content.decode()

    response = client.post(take, {"page": 0, "t_pipeline": "4", "t_review": "monthly"})
    assert response.status_code == 302 and response.url.endswith("?page=1")
    attempt.refresh_from_db()
    assert attempt.answers == {"t_pipeline": 4, "t_review": "monthly"}

    # A wrong answer gets a message; the valid ones on the page are saved; nothing is lost.
    response = client.post(take, {"page": 0, "t_pipeline": "9", "t_review": "weekly"})
    assert response.status_code == 400
    assert "Choose a value from 1 to 5." in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.answers == {"t_pipeline": 4, "t_review": "weekly"}

    # Autosave (htmx) saves as the user types.
    autosave = reverse("assessments:autosave", args=[acme.slug, "strategic_maturity", attempt.pk])
    response = client.post(
        autosave,
        {"page": 1, "present__t_channels": "1", "t_channels": ["seo", "paid"]},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "Saved" in response.content.decode()
    response = client.post(autosave, {"page": 1, "t_growth": "lots"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and "Enter a number" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.answers["t_channels"] == ["seo", "paid"] and "t_growth" not in attempt.answers


def test_an_incomplete_assessment_cannot_be_submitted(client, alice, acme, bank):
    client.force_login(alice)
    attempt = _start(client, acme)
    review = reverse("assessments:review", args=[acme.slug, "strategic_maturity", attempt.pk])
    client.post(
        reverse("assessments:take", args=[acme.slug, "strategic_maturity", attempt.pk]),
        {"page": 0, "t_pipeline": "3"},
    )
    page = client.get(review).content.decode()
    assert "How often is the pipeline reviewed?" in page and "still need an answer" in page
    response = client.post(review)
    assert response.status_code == 400
    attempt.refresh_from_db()
    assert attempt.status == "draft" and attempt.answers == {"t_pipeline": 3}
    assert not AssessmentScoringResult.objects.exists()


def _complete(client, org, answers_page0=None, answers_page1=None):
    attempt = _start(client, org)
    take = reverse("assessments:take", args=[org.slug, "strategic_maturity", attempt.pk])
    client.post(take, answers_page0 or {"page": 0, "t_pipeline": "4", "t_review": "monthly"})
    client.post(
        take,
        answers_page1
        or {
            "page": 1,
            "present__t_channels": "1",
            "t_channels": ["seo", "paid"],
            "t_growth": "12",
            "t_obstacle": "Our sales cycle is too long.",
        },
    )
    response = client.post(
        reverse("assessments:review", args=[org.slug, "strategic_maturity", attempt.pk])
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return AssessmentScoringResult.objects.get(assessment_id=attempt.pk)


def test_submitting_scores_and_records_everything(client, alice, acme, bank):
    client.force_login(alice)
    result = _complete(client, acme)
    # pipeline: (3.75×2 + 2.5) / 3 = 3.333; growth: (4×1 + 3.5×1.5) / 2.5 = 3.7
    assert result.score == Decimal("3.48")
    assert result.bracket == "score_3_5"
    assert result.confidence == Decimal("1.00")
    assert result.rubric_version == "v1" and result.template == bank
    assert result.category_scores["pipeline"]["score"] == 3.33
    assert result.recommendations[:2] == ["Mid pipeline rec 1", "Mid pipeline rec 2"]
    assert set(result.swot_analysis) == {"strengths", "weaknesses", "opportunities", "threats"}
    assert "Our sales cycle is too long." in result.ai_insights
    score_row = ScoreStrategicMaturity.objects.get(result=result)
    assert score_row.gmf_score == 3.48 and score_row.bracket_key == "score_3_5"
    assert score_row.version == "test-v1"
    assert ScorecardInsight.objects.filter(result=result).count() == 2
    assert AssessmentInsight.objects.filter(result=result).exists()
    call = AiAnalytics.objects.get(user=alice.pk)
    assert call.provider == "offline" and call.success_rate == 1
    assert Event.objects.filter(event_type="assessment.scored", user=alice).exists()
    prompt = ReassessmentPrompt.objects.get(user=alice, assessment_type="strategic_maturity")
    assert prompt.previous_result == result and prompt.status == "pending"


def test_the_result_page_shows_score_bracket_chart_swot_and_history(client, alice, acme, bank):
    client.force_login(alice)
    first = _complete(client, acme)
    second = _complete(client, acme, {"page": 0, "t_pipeline": "5", "t_review": "weekly"}, None)
    page = client.get(reverse("assessments:result", args=[acme.slug, second.pk])).content.decode()
    assert str(second.score) in page and "Bracket" in page
    assert 'id="category-chart"' in page and "<svg" in page
    assert "Strengths" in page and "Recommendations" in page
    assert 'id="history-chart"' in page
    assert f"▲ {second.score - first.score}" in page
    # The first attempt's prompt was completed by the second.
    assert ReassessmentPrompt.objects.filter(previous_result=first, status="completed").exists()
    history = client.get(reverse("assessments:history", args=[acme.slug, "strategic_maturity"]))
    assert history.status_code == 200 and str(first.score) in history.content.decode()


def test_exports_pdf_and_csv(client, alice, acme, bank):
    client.force_login(alice)
    result = _complete(client, acme)
    pdf = client.get(reverse("assessments:export_pdf", args=[acme.slug, result.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and len(pdf.content) > 2000
    csv = client.get(reverse("assessments:export_csv", args=[acme.slug, result.pk]))
    text = csv.content.decode()
    assert text.startswith("section,item,value") and f"result,score,{result.score}" in text


def test_another_members_result_is_invisible_unless_shared(client, alice, bob, acme, bank):
    client.force_login(alice)
    result = _complete(client, acme)
    client.force_login(bob)
    url = reverse("assessments:result", args=[acme.slug, result.pk])
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("assessments:export_pdf", args=[acme.slug, result.pk])).status_code
        == 404
    )
    from scoring.services import result_share

    result_share(result=result, with_user=bob, shared_by=alice)
    assert client.get(url).status_code == 200


def test_recomputing_a_result_is_identical_even_after_a_new_bank_version(alice, acme, bank, client):
    client.force_login(alice)
    result = _complete(client, acme)
    from assessments.models import AssessmentTemplate
    from scoring.services import result_recompute

    newer = AssessmentTemplate.objects.create(
        assessment_type="strategic_maturity",
        version="test-v2",
        title="v2",
        questions=bank.questions,
        rubric={
            **bank.rubric,
            "version": "v2",
            "categories": [
                {**bank.rubric["categories"][0], "weight": 0.1},
                {**bank.rubric["categories"][1], "weight": 0.9},
            ],
        },
        is_active=True,
    )
    assert newer.pk
    before = AssessmentScoringResult.objects.get(pk=result.pk)
    again, changed = result_recompute(result=result)
    assert not changed
    assert (again.score, again.bracket, again.category_scores) == (
        before.score,
        before.bracket,
        before.category_scores,
    )
