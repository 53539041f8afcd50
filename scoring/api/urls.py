"""API routes of results, under /api/v1/orgs/<org_slug>/ (included by assessments.api.urls,
so the route names stay `api:result-…`)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from scoring.api import views

scoped = SimpleRouter()
scoped.register("results", views.ResultViewSet, basename="result")

urlpatterns = [
    path("orgs/<slug:org_slug>/", include(scoped.urls)),
]
