"""Resolve the current organisation and the user's membership of it, once per request.

A URL carrying `org_slug` names the organisation; the user must be a member or the page does
not exist for them (404, so that an org's existence does not leak). Elsewhere the current
organisation is the one the user last worked in (tier2_users.org_id).
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.utils.functional import SimpleLazyObject

from orgs import selectors, services


class CurrentOrganizationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = SimpleLazyObject(lambda: _current_membership(request))
        request.org = SimpleLazyObject(lambda: _org_of(request.membership))
        return self.get_response(request)

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
        if not membership._state.adding:  # staff's read-only view is never saved
            services.org_switch(user=request.user, org=membership.org)
        request.membership = membership
        request.org = membership.org
        return None


def _current_membership(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return selectors.membership_current(user=user)


def _org_of(membership):
    return membership.org if membership else None
