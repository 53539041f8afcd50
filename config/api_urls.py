"""/api/v1/: every app's API routes, and the OpenAPI schema and docs beside them."""

from django.urls import include, path

from accounts.api.views import MeApi

app_name = "api"

urlpatterns = [
    path("me/", MeApi.as_view(), name="me"),
    path("", include("events.api.urls")),
    path("", include("orgs.api.urls")),
    path("", include("notifications.api.urls")),
    path("", include("assessments.api.urls")),
    path("", include("intelligence.api.urls")),
]
