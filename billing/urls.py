from django.urls import path

from billing import views

app_name = "billing"

urlpatterns = [
    path("stripe/webhook/", views.stripe_webhook, name="stripe_webhook"),
    path("<slug:org_slug>/", views.index, name="index"),
    path("<slug:org_slug>/checkout/", views.checkout, name="checkout"),
    path("<slug:org_slug>/portal/", views.portal, name="portal"),
]
