"""`org_view`: the one way a portal view under /<org_slug>/ declares who may use it.

The middleware (orgs.middleware) has already resolved the URL's organisation, refused strangers
with 404 and opened the org's tenancy scope. `org_view` adds sign-in (anonymous → login page)
and the role check: `permission` for every method, `write_permission` additionally for unsafe
methods (POST), so a page that anyone in the org may read but only editors may submit says so
in one line. A refused role answers 403 with `message`.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from orgs.models import OrgPermission

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
DEFAULT_MESSAGE = "Your role in this organisation does not allow this."


def org_view(
    permission: str = OrgPermission.VIEW,
    *,
    write_permission: str | None = None,
    message: str = DEFAULT_MESSAGE,
):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = getattr(request, "membership", None)
            if membership is None or "org_slug" not in kwargs:
                raise ImproperlyConfigured(
                    f"{view.__qualname__} is an org_view but its URL has no <org_slug>."
                )
            needed = [permission]
            if write_permission and request.method not in SAFE_METHODS:
                needed.append(write_permission)
            if not all(membership.can(p) for p in needed):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        wrapped.org_view = {"permission": permission, "write_permission": write_permission}
        return wrapped

    return decorator
