"""Failed logins from a stranger do not lock the real user out (issue 11).

Failures count per address and account together (and per address); a higher limit per account,
from any address, is the last resort. Addresses are REMOTE_ADDR: without BEHIND_PROXY nobody's
X-Forwarded-For is believed.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

LOGIN = reverse("account_login")
STRANGER = "203.0.113.7"
REAL_USER = "198.51.100.20"


def _login(client: Client, address: str, password: str, email: str = "alice@acme.test"):
    return client.post(LOGIN, {"login": email, "password": password}, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_a_stranger_failing_twenty_times_does_not_lock_the_real_user_out(alice):
    stranger = Client()
    for _ in range(20):
        _login(stranger, STRANGER, "guess-guess-guess")

    real = Client()
    response = _login(real, REAL_USER, settings.DEMO_PASSWORD)

    assert response.status_code == 302
    assert real.session["_auth_user_id"] == str(alice.pk)


@pytest.mark.django_db
def test_the_same_address_and_account_is_limited_with_a_clear_message(alice):
    client = Client()
    for _ in range(5):
        failed = _login(client, STRANGER, "guess-guess-guess")
        assert "not correct" in failed.content.decode()

    limited = _login(client, STRANGER, settings.DEMO_PASSWORD)

    body = limited.content.decode()
    assert limited.status_code == 200 and "_auth_user_id" not in client.session
    assert "Too many failed attempts from this address for this account" in body
    assert "try again in 15 minutes or reset your password" in body


@pytest.mark.django_db
def test_a_successful_login_does_not_count_as_a_failure(alice):
    client = Client()
    for _ in range(4):
        _login(client, REAL_USER, "typo-typo-typo")
    assert _login(client, REAL_USER, settings.DEMO_PASSWORD).status_code == 302
    client.post(reverse("account_logout"))

    assert _login(Client(), REAL_USER, settings.DEMO_PASSWORD).status_code == 302


@pytest.mark.django_db
def test_one_address_guessing_many_accounts_is_limited_per_address(alice):
    client = Client()
    for n in range(20):
        _login(client, STRANGER, "guess-guess-guess", email=f"victim{n}@example.com")

    limited = _login(client, STRANGER, settings.DEMO_PASSWORD)

    assert "Too many failed sign-in attempts from this address" in limited.content.decode()
    assert _login(Client(), REAL_USER, settings.DEMO_PASSWORD).status_code == 302


@pytest.mark.django_db
def test_many_addresses_guessing_one_account_meet_the_per_account_last_resort(alice):
    for n in range(25):
        stranger = Client()
        for _ in range(4):
            _login(stranger, f"203.0.113.{n + 1}", "guess-guess-guess")

    limited = _login(Client(), REAL_USER, settings.DEMO_PASSWORD)

    assert "Too many failed attempts for this account from several addresses" in (
        limited.content.decode()
    )
