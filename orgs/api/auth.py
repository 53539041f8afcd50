"""API authentication by per-organisation key, throttling and pagination.

Kept apart from base.py: DRF imports these classes while building its APIView defaults, so this
module must not import rest_framework.views itself.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.throttling import SimpleRateThrottle

from orgs import selectors
from orgs.api.pagination import KeysetPagination
from orgs.models import ApiKey

API_KEY_PREFIX = "gp"
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_api_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiKeyAuthentication(BaseAuthentication):
    """`Authorization: Api-Key gp_<prefix>_<secret>` (or `Bearer …`).

    The request acts as the key's creator, limited to the key's organisation and scope; a key
    whose creator has left the organisation stops working (fail closed). Whether the plan
    includes the API is billing's permission (billing.api.permissions, a default permission).
    Session-authenticated use by the portal's own users is not limited by the plan.
    """

    keywords = (b"api-key", b"bearer")

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in self.keywords:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Malformed Authorization header.")
        raw = parts[1].decode("latin-1")
        pieces = raw.split("_")
        if len(pieces) != 3 or pieces[0] != API_KEY_PREFIX:
            raise exceptions.AuthenticationFailed("Invalid API key.")
        # Before any scope: the key itself names its organisation (and its scope is opened next).
        # One query: the key, its org, its creator, their membership and the org's plan.
        key = selectors.api_key_for_request_unscoped(prefix=pieces[1])
        if key is None or not hmac.compare_digest(key.key_hash, hash_api_key(raw)):
            raise exceptions.AuthenticationFailed("Invalid API key.")
        if not key.created_by.is_active or key.membership is None:
            raise exceptions.AuthenticationFailed("This API key's creator left the organisation.")
        from events.audit import set_audit_actor

        set_audit_actor(key.created_by)
        self._touch(key)
        return key.created_by, key

    def authenticate_header(self, request) -> str:
        return "Api-Key"

    @staticmethod
    def _touch(key: ApiKey) -> None:
        now = timezone.now()
        # At most one write a minute per key: not on every request's path.
        if key.last_used_at is None or now - key.last_used_at > LAST_USED_RESOLUTION:
            key.last_used_at = now
            key.save(update_fields=["last_used_at"])


class ApiThrottle(SimpleRateThrottle):
    """One budget per API key, else per user, else per client address."""

    scope = "api"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiKey):
            ident = f"key:{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = f"ip:{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


# REST_FRAMEWORK["DEFAULT_PAGINATION_CLASS"]: keyset pages (orgs.api.pagination).
Pagination = KeysetPagination


def api_key_of(request) -> ApiKey | None:
    return request.auth if isinstance(request.auth, ApiKey) else None
