"""Forms that replace allauth's own (ACCOUNT_FORMS).

Kept apart from accounts/forms.py: allauth imports ACCOUNT_SIGNUP_FORM_CLASS from there while its
own forms module loads, so that module cannot import allauth's forms back.
"""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from allauth.account.forms import ResetPasswordForm
from allauth.account.internal.userkit import filter_users_by_email


class NonEnumeratingResetPasswordForm(ResetPasswordForm):
    """Password reset answers the same for every well-formed address.

    allauth refuses an unknown address with a form error unless ACCOUNT_PREVENT_ENUMERATION is
    on, and that setting stays off because sign-up must say an address is taken. Here the unknown
    address is accepted; `save` then mails it a note that it has no account (allauth's
    unknown-account email), so both cases send one email and take about as long.
    """

    def clean_email(self) -> str:
        # allauth's own clean_email, without its "unknown_email" error.
        email = get_adapter().clean_email(self.cleaned_data["email"].lower())
        self.users = filter_users_by_email(
            email, is_active=True, prefer_verified=True, for_login=True
        )
        return self.cleaned_data["email"]
