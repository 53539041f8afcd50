from django.urls import path

from dashboards import views

app_name = "dashboards"

# One name, two URLs: `{% url "dashboards:home" org.slug %}` is an org's dashboard, and
# `reverse("dashboards:home")` (LOGIN_REDIRECT_URL, links from org-less pages) the redirect to
# the last used org's one.
urlpatterns = [
    path("", views.home_redirect, name="home"),
    path("<slug:org_slug>/", views.home, name="home"),
]
