from django.urls import include, path
from rest_framework.routers import SimpleRouter

from notifications.api import views

scoped = SimpleRouter()
scoped.register("events", views.EventViewSet, basename="event")
personal = SimpleRouter()
personal.register("notifications", views.NotificationViewSet, basename="notification")

urlpatterns = [
    path("orgs/<slug:org_slug>/", include(scoped.urls)),
    # shim: remove once config imports events (config/api_urls.py should include events.api.urls)
    path("", include("events.api.urls")),
    path("", include(personal.urls)),
]
