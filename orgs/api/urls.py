from django.urls import include, path
from rest_framework.routers import SimpleRouter

from orgs.api import views

orgs_router = SimpleRouter()
orgs_router.register("orgs", views.OrganizationViewSet, basename="org")

scoped = SimpleRouter()
scoped.register("members", views.MemberViewSet, basename="member")
scoped.register("roles", views.RoleViewSet, basename="role")
scoped.register("invitations", views.InvitationViewSet, basename="invitation")
scoped.register("api-keys", views.ApiKeyViewSet, basename="api-key")

urlpatterns = [
    path("", include(orgs_router.urls)),
    path("orgs/<slug:org_slug>/", include(scoped.urls)),
]
