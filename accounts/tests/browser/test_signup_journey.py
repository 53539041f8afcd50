import re

import pytest
from django.core import mail

from accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_signs_up_logs_in_and_edits_their_profile(page, screenshot):
    page.goto("/")
    page.get_by_role("link", name="Start free").first.click()

    page.get_by_label("First name").fill("Grace")
    page.get_by_label("Last name").fill("Hopper")
    page.get_by_label("Email").fill("grace@example.com")
    page.locator("#id_password1").fill("compilers-are-fun-1952")
    page.locator("#id_password2").fill("compilers-are-fun-1952")
    page.get_by_label("I agree to the Terms").check()
    screenshot("1-signup")
    page.get_by_role("button", name="Sign Up").click()

    page.get_by_role("heading", name="Verify Your Email Address").wait_for()
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", mail.outbox[-1].body)
    page.goto(link.group(1))
    page.get_by_role("button", name="Confirm").click()

    # Confirmed and signed in; with no organisation yet the portal asks for one.
    page.get_by_role("heading", name="Create your organisation").wait_for()
    page.get_by_label("Organisation name").fill("Hopper Labs")
    page.get_by_role("button", name="Create organisation").click()
    page.get_by_role("heading", name="Team").wait_for()
    assert "Hopper Labs" in page.get_by_test_id("current-org").inner_text()

    # Sign out, then sign in again with the new account.
    page.locator("#profileMenu").click()
    page.get_by_role("button", name="Sign out").click()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("grace@example.com")
    page.get_by_label("Password").fill("compilers-are-fun-1952")
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("heading", name="Welcome back, Grace").wait_for()
    screenshot("2-dashboard")

    # Edit the profile.
    page.locator("#profileMenu").click()
    page.get_by_role("link", name="Profile", exact=True).click()
    page.get_by_label("Job title").fill("Rear Admiral")
    page.get_by_label("Industry").select_option("saas")
    page.get_by_label("Company size").select_option("51-200")
    page.get_by_label("Time zone").select_option("America/New_York")
    page.get_by_role("button", name="Save profile").click()
    page.get_by_text("Your profile has been saved.").wait_for()
    screenshot("3-profile")

    grace = User.objects.get(email="grace@example.com")
    assert (grace.title, grace.industry, grace.company_size, grace.timezone) == (
        "Rear Admiral",
        "saas",
        "51-200",
        "America/New_York",
    )
    assert "Times shown in America/New_York" in page.content()


def test_sign_up_with_a_taken_email_shows_the_error_on_the_page(page, screenshot):
    User.objects.create_user(email="taken@example.com", password="whatever-long-1")
    page.goto("/accounts/signup/")
    page.get_by_label("First name").fill("Second")
    page.get_by_label("Last name").fill("Try")
    page.get_by_label("Email").fill("taken@example.com")
    page.locator("#id_password1").fill("compilers-are-fun-1952")
    page.locator("#id_password2").fill("compilers-are-fun-1952")
    page.get_by_label("I agree to the Terms").check()
    page.get_by_role("button", name="Sign Up").click()

    page.get_by_text("already registered").wait_for()
    screenshot("taken-email")
    assert User.objects.filter(email="taken@example.com").count() == 1
