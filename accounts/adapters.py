from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction

from accounts import services


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # Copy the extra sign-up fields before the first save, so the row is whole or absent.
        data = form.cleaned_data
        user.first_name = data.get("first_name", "").strip()
        user.last_name = data.get("last_name", "").strip()
        user.agreed_terms = bool(data.get("agreed_terms"))
        user.agreed_marketing = bool(data.get("agreed_marketing"))
        with transaction.atomic():
            user = super().save_user(request, user, form, commit=commit)
            if commit:
                services.user_record_signup(user=user)
        return user

    def get_login_redirect_url(self, request):
        return super().get_login_redirect_url(request)
