from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path, register_converter
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config import views


class _MovedToEventsConverter:
    """The admin pages that moved from the notifications app to events (same tables)."""

    regex = "auditlog|event"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(_MovedToEventsConverter, "moved_to_events")

handler403 = "config.views.error_403"
handler404 = "config.views.error_404"
handler500 = "config.views.error_500"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("health/", views.health, name="health"),
    # The audit log and the event list moved from the notifications app to events (same tables).
    path(
        "admin/notifications/<moved_to_events:model>/",
        RedirectView.as_view(url="/admin/events/%(model)s/", query_string=True),
    ),
    path(
        "admin/notifications/<moved_to_events:model>/<path:rest>",
        RedirectView.as_view(url="/admin/events/%(model)s/%(rest)s", query_string=True),
    ),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("profile/", include("accounts.urls")),
    path("orgs/", include("orgs.urls")),
    path("dashboard/", include("dashboards.urls")),
    path("assessments/", include("assessments.urls")),
    path("notifications/", include("notifications.urls")),
    path("billing/", include("billing.urls")),
    path("intelligence/", include("intelligence.urls")),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file (?script): no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

if settings.SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [
        re_path(rf"^{media_prefix}(?P<path>.*)$", views.media),
    ]
