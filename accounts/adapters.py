import math
import time

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts import services

APP = "allauth.account"
# ACCOUNT_RATE_LIMITS (config/settings/base.py): "login_failed" counts failures per address and
# per address + account; "login_failed_account" per account from any address, the last resort.
PER_ACCOUNT = "login_failed_account"


def _login_of(credentials) -> str:
    return credentials.get("email", credentials.get("username", "")).strip().lower()


def _full_rates(request, *, action: str, key: str) -> list[tuple[str, int]]:
    """(per, minutes until a slot frees) for each of the action's rates that is used up."""
    full = []
    now = time.time()
    for rate in ratelimit.get_rates(app=APP, action=action):
        cache_key = ratelimit.get_cache_key(request, app=APP, action=action, rate=rate, key=key)
        history = [ts for ts in cache.get(cache_key, []) if ts > now - rate.duration]
        if len(history) >= rate.amount:
            full.append((rate.per, max(1, math.ceil((min(history) + rate.duration - now) / 60))))
    return full


def _too_many_message(request, *, action: str, key: str) -> str:
    full = _full_rates(request, action=action, key=key)
    minutes = max((wait for _per, wait in full), default=15)
    if action == PER_ACCOUNT:
        return (
            "Too many failed attempts for this account from several addresses; "
            f"try again in {minutes} minutes or reset your password."
        )
    if any(per == "ip" for per, _wait in full):
        return (
            f"Too many failed sign-in attempts from this address; try again in {minutes} minutes."
        )
    return (
        "Too many failed attempts from this address for this account; "
        f"try again in {minutes} minutes or reset your password."
    )


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

    # Failed logins are limited per address and account together (and per address), so that a
    # stranger elsewhere cannot lock the real user out; a higher limit per account, from any
    # address, is the last resort against a distributed guess.
    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        return f"{_login_of(credentials)}|{ratelimit.get_ip(request)}"

    def pre_authenticate(self, request, **credentials) -> None:
        login = _login_of(credentials)
        here = self._get_login_attempts_cache_key(request, **credentials)
        local = ratelimit.consume(request, app=APP, action="login_failed", key=here)
        if not local:
            raise ValidationError(_too_many_message(request, action="login_failed", key=here))
        overall = ratelimit.consume(request, app=APP, action=PER_ACCOUNT, key=login)
        if not overall:
            local.rollback()
            raise ValidationError(_too_many_message(request, action=PER_ACCOUNT, key=login))
        # allauth rolls this back after a successful login, so only failures count.
        self._login_failed_rl_usage = ratelimit.RateLimitUsage(usage=local.usage + overall.usage)

    def _delete_login_attempts_cached_email(self, request, **credentials) -> None:
        # A successful password reset (itself rate limited) lifts the limits on the account.
        super()._delete_login_attempts_cached_email(request, **credentials)
        ratelimit.clear(request, app=APP, action=PER_ACCOUNT, key=_login_of(credentials))
