"""The portal's tenancy entry point: resolve the org of the URL and open the scope, once.

`request.org` and `request.membership` have one meaning: the organisation named by the URL's
`org_slug` and the user's membership of it (staff: a read-only view). The user must be a member
or the page does not exist for them (404, so that an org's existence does not leak). A page with
no org in its URL has `request.org = None`.

The tenancy scope (config.tenancy) is open for the whole response, templates and streamed
bodies included: an org page reads that org's rows and the user's personal ones; another page
reads only the user's own rows; an anonymous page reads no one's; the admin reads everything
(staff only: the admin site refuses anyone else). The API opens its own scope per call
(orgs.api.base), after authenticating the key.

The "last used org" is a separate value, kept in the session after a successful safe request to
one of the user's organisations (a GET never writes to the database). It only picks where the
old org-less URLs and the post-login page redirect to (`last_used_org_unscoped`); nothing that
decides access reads it.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext

from django.contrib.auth.views import redirect_to_login
from django.core.handlers.exception import response_for_exception
from django.http import Http404, StreamingHttpResponse
from django.urls import Resolver404, resolve

from config import tenancy
from orgs import selectors

LAST_ORG_SESSION_KEY = "orgs.last_org_id"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
ADMIN_PREFIX = "/admin/"  # config/urls.py


def remember_org(request, org) -> None:
    """Remember `org` as the user's last used one for this session (no write unless it changes)."""
    session = getattr(request, "session", None)
    if session is not None and session.get(LAST_ORG_SESSION_KEY) != str(org.pk):
        session[LAST_ORG_SESSION_KEY] = str(org.pk)


def last_used_org_unscoped(request):
    """Where an org-less URL sends the user: the org this session last worked in, else the one
    they last chose, else their first; None when they belong to none. Only for redirects."""
    membership = selectors.membership_last_used_unscoped(
        user=request.user, org_id=getattr(request, "session", {}).get(LAST_ORG_SESSION_KEY)
    )
    return membership.org if membership else None


class CurrentOrganizationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.org = None
        request.membership = None
        with self._base_scope(request):
            # One `with` around the whole response: the org scope is opened here, not in a
            # process_view hook, so it holds under ASGI too (a context variable set in one
            # hook would not reach the others).
            try:
                opened = self._org_scope(request)
            except Exception as exc:  # Http404 for a stranger: rendered inside the scope
                return response_for_exception(request, exc)
            if not isinstance(opened, AbstractContextManager):
                return opened  # the login page
            with opened:
                response = self.get_response(request)
                if isinstance(response, StreamingHttpResponse):
                    response.streaming_content = _in_scope(
                        tenancy.current(), response.streaming_content
                    )
        visited = getattr(request, "_org_from_url", None)
        if visited is not None and request.method in SAFE_METHODS and response.status_code < 400:
            remember_org(request, visited)
        return response

    @staticmethod
    def _base_scope(request):
        if request.path.startswith(ADMIN_PREFIX):
            return tenancy.unscoped()  # the admin site admits staff only
        if request.path.startswith("/api/"):
            return tenancy.anonymous_scope()  # the API view opens the caller's scope
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return tenancy.user_scope(user=user)
        return tenancy.anonymous_scope()

    @staticmethod
    def _org_scope(request):
        slug = _org_slug_of(request)
        if slug is None or request.path.startswith("/api/"):
            return nullcontext()
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        membership = selectors.membership_for_url_unscoped(user=request.user, slug=slug)
        if membership is None:
            raise Http404("No such organisation.")
        if not membership._state.adding:  # staff's read-only view is not a membership
            request._org_from_url = membership.org
        request.membership = membership
        request.org = membership.org
        return tenancy.org_scope(org=membership.org, user=request.user)


def _org_slug_of(request) -> str | None:
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return None
    return match.kwargs.get("org_slug")


def _in_scope(state, chunks):
    """A streamed body is produced after the middleware returns: re-open its scope around it."""
    if state is None:
        opened = tenancy.unscoped()
    elif state.get("org"):
        opened = tenancy.org_scope(org=state["org"], user=state.get("user"))
    elif state.get("user"):
        opened = tenancy.user_scope(user=state["user"])
    else:
        opened = tenancy.anonymous_scope()
    with opened:
        yield from chunks
