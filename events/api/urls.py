from django.urls import include, path
from rest_framework.routers import SimpleRouter

from events.api import views

scoped = SimpleRouter()
scoped.register("events", views.EventViewSet, basename="event")
staff = SimpleRouter()
staff.register("audit-log", views.AuditLogViewSet, basename="audit-log")

urlpatterns = [
    path("orgs/<slug:org_slug>/", include(scoped.urls)),
    path("", include(staff.urls)),
]
