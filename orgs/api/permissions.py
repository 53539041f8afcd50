"""Permissions every API view shares. Kept apart from base.py: DRF imports the default
permission classes while building APIView, so this module must not import rest_framework.views.
"""

from __future__ import annotations

from rest_framework import permissions

from orgs.api.auth import api_key_of


class KeyScopeAllowsMethod(permissions.BasePermission):
    """A read-only key may not write, whatever its creator's role (a default permission)."""

    message = "This API key is read-only."

    def has_permission(self, request, view) -> bool:
        key = api_key_of(request)
        return key is None or request.method in permissions.SAFE_METHODS or key.can_write
