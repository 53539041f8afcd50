"""The one way into organisation data for the API: authenticate, resolve the org, scope, check.

Every org-scoped API view derives from `OrgScopedViewSet` and implements `scoped_queryset(org)`;
`get_queryset` is final and always goes through it, so a view cannot forget the org filter.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from rest_framework import exceptions, permissions, viewsets
from rest_framework.views import exception_handler as drf_exception_handler

from config import tenancy
from config.api import ScopedAPIMixin
from orgs import selectors
from orgs.api.auth import api_key_of
from orgs.api.permissions import KeyScopeAllowsMethod  # noqa: F401  (imported from here by assessments)
from orgs.models import Membership, Organization, OrgPermission


class OrgScopedViewSet(ScopedAPIMixin, viewsets.GenericViewSet):
    """Base of every API view under /api/v1/orgs/<org_slug>/.

    Subclasses set `read_permission`/`write_permission` (org permissions) and implement
    `scoped_queryset(org)`. The call runs in the org's tenancy scope, opened in `initial`
    (config.api); `get_queryset` and `get_object` are final (a subclass defining one fails at
    import), so another organisation's objects are never in the queryset: they answer 404 and
    never appear in a list.
    """

    final_methods = frozenset({"open_scope", "check_permissions", "get_queryset", "get_object"})
    # REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"]: authenticated, the key's scope, the plan.
    read_permission: str = OrgPermission.VIEW
    write_permission: str = OrgPermission.EDIT
    # An action whose permission differs from read/write: {"respond": OrgPermission.VIEW}.
    action_permissions: dict[str, str] = {}
    org: Organization
    membership: Membership

    def open_scope(self, request, **kwargs):
        self.membership = self._resolve_membership(request, kwargs.get("org_slug", ""))
        self.org = self.membership.org
        return tenancy.org_scope(org=self.org, user=request.user)

    def check_permissions(self, request):
        super().check_permissions(request)  # authenticated, key scope, plan
        needed = self.action_permissions.get(getattr(self, "action", None)) or (
            self.read_permission
            if request.method in permissions.SAFE_METHODS
            else self.write_permission
        )
        if not self.membership.can(needed):
            raise exceptions.PermissionDenied("Your role in this organisation does not allow this.")

    @staticmethod
    def _resolve_membership(request, slug: str) -> Membership:
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        key = api_key_of(request)
        if key is not None and key.org.slug != slug:
            raise Http404("No such organisation.")
        if getattr(key, "membership", None) is not None:  # read with the key (orgs.api.auth)
            return key.membership
        membership = selectors.membership_for_url_unscoped(user=request.user, slug=slug)
        if membership is None:
            raise Http404("No such organisation.")
        return membership

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: there is no org
            return self.schema_model()._base_manager.none()
        return self.scoped_queryset(org=self.org)

    def get_object(self):
        return super().get_object()

    def schema_model(self):
        """The model the OpenAPI schema documents (types of the path's `id`)."""
        return self.get_serializer_class().Meta.model

    def scoped_queryset(self, *, org: Organization):
        raise NotImplementedError(f"{type(self).__name__} must implement scoped_queryset(org)")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if hasattr(self, "org"):
            context["org"] = self.org
        return context


def exception_handler(exc, context):
    """DRF's handler, plus model-level errors turned into 400s with messages (never a 500)."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, IntegrityError):
        exc = exceptions.ValidationError({"detail": ["This conflicts with existing data."]})
    return drf_exception_handler(exc, context)
