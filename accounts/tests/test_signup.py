import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import UserFactory

SIGNUP = reverse("account_signup")


def _payload(**overrides):
    data = {
        "first_name": "Grace",
        "last_name": "Hopper",
        "email": "grace@example.com",
        "password1": "a-long-unusual-passphrase",
        "password2": "a-long-unusual-passphrase",
        "agreed_terms": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.django_db
def test_it_creates_the_user_with_names_and_consent_and_sends_a_verification_email(client):
    response = client.post(SIGNUP, _payload(agreed_marketing="on"))

    assert response.status_code == 302
    user = User.objects.get(email="grace@example.com")
    assert (user.first_name, user.last_name) == ("Grace", "Hopper")
    assert user.agreed_terms is True and user.agreed_marketing is True
    assert user.role == "user" and not user.is_staff
    assert EmailAddress.objects.get(user=user).verified is False
    assert len(mail.outbox) == 1
    assert "confirm-email" in mail.outbox[0].body


@pytest.mark.django_db
def test_marketing_consent_is_optional(client):
    client.post(SIGNUP, _payload())
    assert User.objects.get(email="grace@example.com").agreed_marketing is False


@pytest.mark.django_db
def test_the_email_is_stored_lowercase(client):
    client.post(SIGNUP, _payload(email="Grace@Example.COM"))
    assert User.objects.filter(email="grace@example.com").exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"first_name": None}, "first_name", "This field is required."),
        ({"first_name": "   "}, "first_name", "This field is required."),
        ({"last_name": ""}, "last_name", "This field is required."),
        ({"agreed_terms": None}, "agreed_terms", "You must accept the terms"),
        ({"password1": "short", "password2": "short"}, "password1", "too short"),
        ({"password1": "password123", "password2": "password123"}, "password1", "too common"),
        ({"password2": "something-else-entirely"}, "password2", "same password"),
        ({"email": "not-an-email"}, "email", "valid email"),
    ],
)
@pytest.mark.django_db
def test_bad_sign_up_input_gets_a_form_error_and_creates_nothing(client, overrides, field, message):
    response = client.post(SIGNUP, _payload(**overrides))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert User.objects.count() == 0
    assert EmailAddress.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_an_existing_email_gets_a_form_error_and_no_second_account(client):
    UserFactory(email="grace@example.com")

    response = client.post(SIGNUP, _payload(email="GRACE@example.com"))

    assert response.status_code == 200
    assert "already registered" in " ".join(response.context["form"].errors["email"])
    assert User.objects.filter(email__iexact="grace@example.com").count() == 1
