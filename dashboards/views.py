from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from dashboards import selectors
from orgs.decorators import org_view
from orgs.middleware import last_used_org_unscoped


@login_required
def home_redirect(request: HttpRequest) -> HttpResponse:
    """/dashboard/ (the post-login page): the dashboard of the org the user last worked in."""
    org = last_used_org_unscoped(request)
    if org is None:
        return redirect("orgs:create")
    return redirect("dashboards:home", org_slug=org.slug)


@org_view()
def home(request: HttpRequest, org_slug: str) -> HttpResponse:
    context = selectors.dashboard_overview(user=request.user, membership=request.membership)
    return render(request, "dashboards/home.html", context)
