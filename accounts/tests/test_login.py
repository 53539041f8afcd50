import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from accounts.tests.factories import UserFactory

LOGIN = reverse("account_login")


@pytest.mark.django_db
def test_a_verified_user_logs_in_with_email_and_lands_on_the_dashboard(client, alice, acme):
    response = client.post(LOGIN, {"login": "ALICE@acme.test", "password": settings.DEMO_PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("dashboards:home")
    page = client.get(response.url, follow=True)  # /dashboard/ redirects to the org's dashboard
    assert page.status_code == 200
    assert "Acme" in page.content.decode()


@pytest.mark.django_db
def test_a_wrong_password_is_refused_with_a_message(client, alice):
    response = client.post(LOGIN, {"login": "alice@acme.test", "password": "wrong-password"})

    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_an_unverified_user_must_confirm_the_email_first(client):
    UserFactory(email="new@example.com", verified=False)

    response = client.post(LOGIN, {"login": "new@example.com", "password": settings.DEMO_PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_confirming_the_email_logs_the_user_in(client):
    client.post(
        reverse("account_signup"),
        {
            "first_name": "Ada",
            "last_name": "Lovelace",
            "email": "ada@example.com",
            "password1": "analytical-engine-42",
            "password2": "analytical-engine-42",
            "agreed_terms": "on",
        },
    )
    link = re.search(r"https?://[^/]+(/accounts/confirm-email/\S+)", mail.outbox[0].body).group(1)

    client.post(link)

    assert client.get(reverse("dashboards:home")).status_code == 302  # logged in, no org yet
    assert client.get(reverse("dashboards:home")).url == reverse("orgs:create")


@pytest.mark.django_db
def test_logout_ends_the_session(client, alice):
    client.force_login(alice)
    client.post(reverse("account_logout"))
    assert client.get(reverse("accounts:profile")).status_code == 302


@pytest.mark.django_db
def test_password_change_requires_the_old_password_and_a_strong_new_one(client, alice):
    client.force_login(alice)
    url = reverse("account_change_password")

    weak = client.post(
        url, {"oldpassword": settings.DEMO_PASSWORD, "password1": "123", "password2": "123"}
    )
    assert weak.status_code == 200 and "password1" in weak.context["form"].errors

    ok = client.post(
        url,
        {
            "oldpassword": settings.DEMO_PASSWORD,
            "password1": "brand-new-passphrase",
            "password2": "brand-new-passphrase",
        },
    )
    assert ok.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("brand-new-passphrase")


@pytest.mark.django_db
def test_password_reset_mails_a_link_that_sets_a_new_password(client, alice):
    client.post(reverse("account_reset_password"), {"email": "alice@acme.test"})

    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password/reset/key/\S+)", mail.outbox[0].body)
    form_page = client.get(link.group(1), follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1),
        {"password1": "reset-passphrase-77", "password2": "reset-passphrase-77"},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("reset-passphrase-77")
