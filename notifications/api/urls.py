from django.urls import include, path
from rest_framework.routers import SimpleRouter

from notifications.api import views

scoped = SimpleRouter()
scoped.register("events", views.EventViewSet, basename="event")
personal = SimpleRouter()
personal.register("notifications", views.NotificationViewSet, basename="notification")

urlpatterns = [
    path("orgs/<slug:org_slug>/", include(scoped.urls)),
    path("", include(personal.urls)),
]
