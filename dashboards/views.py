from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from dashboards import selectors


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if not request.membership:
        return redirect("orgs:create")
    context = selectors.dashboard_overview(user=request.user, membership=request.membership)
    return render(request, "dashboards/home.html", context)
