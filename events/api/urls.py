from django.urls import include, path
from rest_framework.routers import SimpleRouter

from events.api import views

staff = SimpleRouter()
staff.register("audit-log", views.AuditLogViewSet, basename="audit-log")

urlpatterns = [
    path("", include(staff.urls)),
]
