"""The plan's say in the API: listed in REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"], so orgs'
authentication never asks billing (billing is the floor above orgs)."""

from __future__ import annotations

from rest_framework import permissions

from billing.entitlements import Feature, FeatureLocked, key_org_has_feature_unscoped
from orgs.api.auth import api_key_of


class ApiKeyPlanIncludesApi(permissions.BasePermission):
    """An API key works only while its organisation's plan includes the API: otherwise 402 with
    an upgrade link (FeatureLocked). A signed-in portal user is not limited by the plan."""

    def has_permission(self, request, view) -> bool:
        key = api_key_of(request)
        if key is not None and not key_org_has_feature_unscoped(key.org, Feature.API):
            raise FeatureLocked(Feature.API, key.org)
        return True
