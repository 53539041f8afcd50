"""The naive peer's authentication and permission: each check a query of its own (kept apart
from views.py: DRF imports them while building APIView's defaults)."""

import hashlib
import hmac

from rest_framework import exceptions, permissions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from bench.peers import common
from bench.peers.drf.models import ApiKey, Membership, Subscription


class ApiKeyAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in (b"api-key", b"bearer"):
            return None
        try:
            raw, prefix = common.key_prefix(" ".join(p.decode("latin-1") for p in parts))
        except common.Refused as refused:
            raise exceptions.AuthenticationFailed(refused.detail) from None
        key = (
            ApiKey.objects.select_related("org", "created_by")
            .filter(prefix=prefix, revoked_at__isnull=True)
            .first()
        )
        digest = hashlib.sha256(raw.encode()).hexdigest()
        if key is None or not hmac.compare_digest(key.key_hash, digest):
            raise exceptions.AuthenticationFailed("Invalid API key.")
        if not key.created_by.is_active:
            raise exceptions.AuthenticationFailed("This API key's creator left.")
        return key.created_by, key

    def authenticate_header(self, request):
        return "Api-Key"


class PaymentRequired(exceptions.APIException):
    status_code = 402
    default_detail = "Your plan does not include the Integrator API."


class MemberWithApiPlan(permissions.BasePermission):
    def has_permission(self, request, view):
        key = request.auth
        if key is None:
            return False
        if key.org.slug != view.kwargs["slug"]:
            raise exceptions.NotFound("No such organisation.")
        membership = (
            Membership.objects.select_related("role").filter(org=key.org, user=request.user).first()
        )
        if membership is None:
            raise exceptions.AuthenticationFailed("This API key's creator left.")
        sub = Subscription.objects.filter(user_id=key.org.owner_id).first()
        if sub is None or not common.plan_has_api(sub.plan, sub.status, sub.nextbillingdate):
            raise PaymentRequired()
        view.membership = membership
        return "org.view" in membership.role.permissions
