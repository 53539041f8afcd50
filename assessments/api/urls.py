from django.urls import include, path
from rest_framework.routers import SimpleRouter

from assessments.api import views

product = SimpleRouter()
product.register("assessment-templates", views.TemplateViewSet, basename="assessment-template")
product.register(
    "delegated-questions", views.DelegatedQuestionViewSet, basename="delegated-question"
)

scoped = SimpleRouter()
scoped.register(
    r"assessments/(?P<assessment_type>[a-z_]+)", views.AttemptViewSet, basename="assessment"
)
scoped.register("delegations", views.DelegationViewSet, basename="delegation")
scoped.register("pulses", views.PulseViewSet, basename="pulse")

urlpatterns = [
    path("", include(product.urls)),
    path("orgs/<slug:org_slug>/", include(scoped.urls)),
    path("", include("scoring.api.urls")),  # /orgs/<org_slug>/results/
]
