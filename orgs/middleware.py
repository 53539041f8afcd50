"""Resolve the current organisation and the user's membership of it, once per request.

A URL carrying `org_slug` names the organisation; the user must be a member or the page does
not exist for them (404, so that an org's existence does not leak). Elsewhere the current
organisation is the one the user last worked in: remembered in the session after a successful
safe request to one of their organisations (a GET never writes to the database), else the one
they last chose (tier2_users.org_id, written only by POST actions: switch, create, join).
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.utils.functional import SimpleLazyObject

from orgs import selectors

LAST_ORG_SESSION_KEY = "orgs.last_org_id"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def remember_org(request, org) -> None:
    """Remember `org` as the user's current one for this session (no write unless it changes)."""
    session = getattr(request, "session", None)
    if session is not None and session.get(LAST_ORG_SESSION_KEY) != str(org.pk):
        session[LAST_ORG_SESSION_KEY] = str(org.pk)


class CurrentOrganizationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = SimpleLazyObject(lambda: _current_membership(request))
        request.org = SimpleLazyObject(lambda: _org_of(request.membership))
        response = self.get_response(request)
        visited = getattr(request, "_org_from_url", None)
        if visited is not None and request.method in SAFE_METHODS and response.status_code < 400:
            remember_org(request, visited)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        slug = view_kwargs.get("org_slug")
        if slug is None or request.path.startswith("/api/"):
            # The API authenticates (session or API key) and resolves the org in its base view.
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        membership = selectors.membership_for_user_and_slug(user=request.user, slug=slug)
        if membership is None:
            raise Http404("No such organisation.")
        if not membership._state.adding:  # staff's read-only view is not a membership
            request._org_from_url = membership.org
        request.membership = membership
        request.org = membership.org
        return None


def _current_membership(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return selectors.membership_current(
        user=user, org_id=getattr(request, "session", {}).get(LAST_ORG_SESSION_KEY)
    )


def _org_of(membership):
    return membership.org if membership else None
