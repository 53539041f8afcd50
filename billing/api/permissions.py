"""The plan's say in the API: listed in REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"], so orgs'
authentication never asks billing (billing is the floor above orgs)."""

from __future__ import annotations

from rest_framework import permissions

from billing.entitlements import (
    Feature,
    FeatureLocked,
    feature_check,
    key_org_has_feature_unscoped,
)
from orgs.api.auth import api_key_of


class ApiKeyPlanIncludesApi(permissions.BasePermission):
    """An API key works only while its organisation's plan includes the API: otherwise 402 with
    an upgrade link (FeatureLocked). A signed-in portal user is not limited by the plan."""

    def has_permission(self, request, view) -> bool:
        key = api_key_of(request)
        if key is not None and not key_org_has_feature_unscoped(key.org, Feature.API):
            raise FeatureLocked(Feature.API, key.org)
        return True


class ActionPlanFeature(permissions.BasePermission):
    """A view's `plan_features` ({action: feature key}) need the organisation's plan: 402
    otherwise. Checked after the org of the URL is resolved (OrgScopedViewSet.open_scope), so an
    outsider still gets 404; a view declares the features with plain keys and never imports
    billing (orgs' API-key view is below billing)."""

    def has_permission(self, request, view) -> bool:
        feature = (getattr(view, "plan_features", None) or {}).get(getattr(view, "action", None))
        org = getattr(view, "org", None)
        if feature and org is not None:
            feature_check(request=request, org=org, feature=feature)
        return True
