"""A test-only URLconf: the real portal and API, plus one org page locked behind a feature."""

from django.http import HttpResponse
from django.urls import include, path

from billing.entitlements import Feature, feature_required


@feature_required(Feature.SIMULATIONS)
def simulations(request, org_slug):
    return HttpResponse("simulations", status=200 if request.method == "GET" else 201)


urlpatterns = [
    path("locked/<slug:org_slug>/simulations/", simulations, name="locked-simulations"),
    path("", include("config.urls")),
]
