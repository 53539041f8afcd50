from django.urls import path

from assessments import views

app_name = "assessments"

ATTEMPT = "<slug:org_slug>/attempts/<str:assessment_type>/<uuid:attempt_id>/"

urlpatterns = [
    # The caller's own (any organisation): questions colleagues delegated to them.
    path("me/delegated/", views.delegated, name="delegated"),
    path("me/invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    # Organisation pages.
    path("<slug:org_slug>/", views.index, name="index"),
    path("<slug:org_slug>/onboarding/", views.onboarding, name="onboarding"),
    path("<slug:org_slug>/start/<str:assessment_type>/", views.start, name="start"),
    path(ATTEMPT, views.take, name="take"),
    path(ATTEMPT + "autosave/", views.autosave, name="autosave"),
    path(ATTEMPT + "review/", views.review, name="review"),
    path(ATTEMPT + "delegate/", views.delegate, name="delegate"),
    path("<slug:org_slug>/results/<uuid:result_id>/", views.result, name="result"),
    path(
        "<slug:org_slug>/results/<uuid:result_id>/report.pdf", views.export_pdf, name="export_pdf"
    ),
    path(
        "<slug:org_slug>/results/<uuid:result_id>/report.csv", views.export_csv, name="export_csv"
    ),
    path("<slug:org_slug>/history/<str:assessment_type>/", views.history, name="history"),
    path("<slug:org_slug>/team/", views.team, name="team"),
    path(
        "<slug:org_slug>/delegations/<uuid:delegation_id>/revoke/",
        views.delegation_revoke,
        name="delegation_revoke",
    ),
    path("<slug:org_slug>/pulses/", views.pulses, name="pulses"),
    path("<slug:org_slug>/pulses/<uuid:pulse_id>/", views.pulse_detail, name="pulse_detail"),
    path(
        "<slug:org_slug>/pulses/<uuid:pulse_id>/respond/",
        views.pulse_respond,
        name="pulse_respond",
    ),
]
