"""Password reset does not reveal whether an account exists (issue 11).

A known and an unknown address get the same status, the same redirect, the same page and one
email each (the reset link, or a note that the address has no account), so neither the answer
nor its timing tells them apart.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

RESET = reverse("account_reset_password")


def _scrub(body: str) -> str:
    """The page without what differs on every request anyway (CSRF tokens, CSP nonces)."""
    body = re.sub(r'nonce="[^"]+"', 'nonce=""', body)
    return re.sub(r"\b[A-Za-z0-9]{64}\b", "TOKEN", body)


def _ask(email: str):
    client = Client()
    response = client.post(RESET, {"email": email})
    page = client.get(response["Location"]) if response.status_code == 302 else response
    return response, page


@pytest.mark.django_db
def test_a_known_and_an_unknown_email_get_the_same_answer(alice):
    known, known_page = _ask("alice@acme.test")
    unknown, unknown_page = _ask("nobody@nowhere.example")

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("account_reset_password_done")
    assert _scrub(known_page.content.decode()) == _scrub(unknown_page.content.decode())
    assert "not assigned" not in unknown_page.content.decode()


@pytest.mark.django_db
def test_each_address_gets_one_email_and_only_the_known_one_a_reset_link(alice):
    _ask("alice@acme.test")
    _ask("nobody@nowhere.example")

    to_alice, to_nobody = mail.outbox
    assert to_alice.to == ["alice@acme.test"] and "/accounts/password/reset/key/" in to_alice.body
    assert to_nobody.to == ["nobody@nowhere.example"]
    assert "/accounts/password/reset/key/" not in to_nobody.body


@pytest.mark.django_db
def test_a_malformed_email_is_a_form_error_for_everyone(alice):
    response = Client().post(RESET, {"email": "not-an-email"})

    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert mail.outbox == []
