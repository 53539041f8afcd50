from django.urls import path

from assessments.views import attempts, onboarding, overview, pulses, team
from scoring import urls as scoring_urls

app_name = "assessments"

ATTEMPT = "<slug:org_slug>/attempts/<str:assessment_type>/<uuid:attempt_id>/"

urlpatterns = [
    # The caller's own (any organisation): questions colleagues delegated to them.
    path("me/delegated/", team.delegated, name="delegated"),
    path("me/invitations/<str:token>/", team.invitation_accept, name="invitation_accept"),
    # Organisation pages.
    path("<slug:org_slug>/", overview.index, name="index"),
    path("<slug:org_slug>/onboarding/", onboarding.onboarding, name="onboarding"),
    path("<slug:org_slug>/start/<str:assessment_type>/", attempts.start, name="start"),
    path(ATTEMPT, attempts.take, name="take"),
    path(ATTEMPT + "autosave/", attempts.autosave, name="autosave"),
    path(ATTEMPT + "review/", attempts.review, name="review"),
    path(ATTEMPT + "delegate/", attempts.delegate, name="delegate"),
    # Results (scoring's pages), under this namespace: assessments:result, :export_pdf,
    # :export_csv, :history.
    *scoring_urls.urlpatterns,
    path("<slug:org_slug>/team/", team.team, name="team"),
    path(
        "<slug:org_slug>/delegations/<uuid:delegation_id>/revoke/",
        team.delegation_revoke,
        name="delegation_revoke",
    ),
    path("<slug:org_slug>/pulses/", pulses.pulses, name="pulses"),
    path("<slug:org_slug>/pulses/<uuid:pulse_id>/", pulses.pulse_detail, name="pulse_detail"),
    path(
        "<slug:org_slug>/pulses/<uuid:pulse_id>/respond/",
        pulses.pulse_respond,
        name="pulse_respond",
    ),
]
