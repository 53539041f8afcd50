"""Portal URLs of results. They keep their paths and their `assessments:` names: assessments'
urls.py (the namespace of every assessment page) includes these patterns."""

from django.urls import path

from scoring import views

RESULT = "<slug:org_slug>/results/<uuid:result_id>/"

urlpatterns = [
    path(RESULT, views.result, name="result"),
    path(RESULT + "report.pdf", views.export_pdf, name="export_pdf"),
    path(RESULT + "report.csv", views.export_csv, name="export_csv"),
    path("<slug:org_slug>/history/<str:assessment_type>/", views.history, name="history"),
]
