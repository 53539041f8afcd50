from django.urls import path

from orgs import views

app_name = "orgs"

urlpatterns = [
    path("new/", views.create, name="create"),
    path("switch/", views.switch, name="switch"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("join/<uuid:invitation_id>/", views.invitation_join, name="invitation_join"),
    path("<slug:org_slug>/settings/", views.settings_view, name="settings"),
    path("<slug:org_slug>/members/", views.members, name="members"),
    path(
        "<slug:org_slug>/members/<uuid:membership_id>/role/",
        views.member_role,
        name="member_role",
    ),
    path(
        "<slug:org_slug>/members/<uuid:membership_id>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path(
        "<slug:org_slug>/invitations/<uuid:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("<slug:org_slug>/api-keys/", views.api_keys, name="api_keys"),
    path(
        "<slug:org_slug>/api-keys/<uuid:key_id>/revoke/",
        views.api_key_revoke,
        name="api_key_revoke",
    ),
    path("<slug:org_slug>/security/", views.security_alerts, name="security_alerts"),
    path(
        "<slug:org_slug>/security/<uuid:alert_id>/acknowledge/",
        views.security_alert_acknowledge,
        name="security_alert_acknowledge",
    ),
    path("<slug:org_slug>/roles/", views.roles, name="roles"),
    path("<slug:org_slug>/roles/<uuid:role_id>/", views.role_edit, name="role_edit"),
]
