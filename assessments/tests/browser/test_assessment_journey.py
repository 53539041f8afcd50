"""The core journey in a real browser: sign up, complete onboarding, take an assessment, see
its score, bracket and chart, and download the PDF report."""

import re

import pytest
from django.core import mail

from scoring.models import AssessmentScoringResult
from scoring.tests import banks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_up(page):
    page.goto("/accounts/signup/")
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Last name").fill("Lovelace")
    page.get_by_label("Email").fill("ada@engines.example")
    page.locator("#id_password1").fill("analytical-engine-1843")
    page.locator("#id_password2").fill("analytical-engine-1843")
    page.get_by_label("I agree to the Terms").check()
    page.get_by_role("button", name="Sign Up").click()
    page.get_by_role("heading", name="Verify Your Email Address").wait_for()
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", mail.outbox[-1].body)
    page.goto(link.group(1))
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("heading", name="Create your organisation").wait_for()
    page.get_by_label("Organisation name").fill("Analytical Engines")
    page.get_by_role("button", name="Create organisation").click()
    page.get_by_role("heading", name="Team").wait_for()


def test_sign_up_onboard_take_an_assessment_and_download_the_report(page, screenshot):
    banks.activate_test_bank(version="browser-v1", description="Where your strategy stands.")
    _sign_up(page)

    page.get_by_role("link", name="Assessments").click()
    page.get_by_role("heading", name="Assessments").wait_for()
    page.get_by_role("link", name="Start onboarding").click()

    # Step 1 with a missing required answer: the page says so and keeps what was typed.
    page.get_by_label("What are your top three priorities").fill("Ship the engine")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_text("This field is required").first.wait_for()
    assert page.get_by_label("What are your top three priorities").input_value() == (
        "Ship the engine"
    )
    page.get_by_label("What does your business do").fill("Mechanical computing for science.")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("heading", name="Go-to-market").wait_for()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("heading", name="Operations and decisions").wait_for()
    page.get_by_label("How connected are those tools?").select_option("siloed")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("heading", name="Growth outlook").wait_for()
    page.get_by_label("How fast is revenue growing?").select_option("rapid")
    page.get_by_label("Slow decision-making").check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("heading", name="Confirm").wait_for()
    page.get_by_label("Are these answers an accurate picture").select_option("confirmed")
    screenshot("1-onboarding-confirm")
    page.get_by_role("button", name="Submit onboarding").click()
    page.get_by_role("alert").filter(has_text="Onboarding complete").wait_for()

    # Take the assessment, section by section.
    card = page.locator('[data-assessment="strategic_maturity"]')
    card.get_by_role("button", name="Start").click()
    page.get_by_role("heading", name="Pipeline").wait_for()
    page.locator("label[for='t_pipeline-4']").click()
    page.get_by_text("Saved").wait_for()  # autosaved as soon as it changed
    page.get_by_label("Weekly").check()
    screenshot("2-question-page")
    page.get_by_role("button", name="Next section").click()
    page.get_by_role("heading", name="Growth", exact=True).wait_for()
    page.get_by_label("SEO").check()
    page.get_by_label("Paid").check()
    page.locator("#t_growth-input").fill("35")
    page.get_by_role("button", name="Review and submit").click()
    page.get_by_role("heading", name="Review: Strategic maturity").wait_for()
    page.get_by_role("button", name="Submit and see my score").click()

    # The result: score, bracket, chart.
    page.locator("#score").wait_for()
    result = AssessmentScoringResult.objects.get()
    assert page.locator("#score").inner_text() == str(result.score)
    assert "Bracket" in page.locator("#bracket").inner_text()
    assert page.locator("#category-chart svg rect").count() == 2
    assert page.get_by_role("heading", name="SWOT").is_visible()
    screenshot("3-result")

    with page.expect_download() as download_info:
        page.locator("#download-pdf").click()
    download = download_info.value
    path = download.path()
    with open(path, "rb") as handle:
        assert handle.read(4) == b"%PDF"
    assert download.suggested_filename.endswith(".pdf")
