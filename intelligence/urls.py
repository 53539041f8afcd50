from django.urls import path

from intelligence import views

app_name = "intelligence"

urlpatterns = [
    path("<slug:org_slug>/", views.index, name="index"),
    path("<slug:org_slug>/items/", views.items, name="items"),
    path("<slug:org_slug>/follow/", views.follow, name="follow"),
    path("<slug:org_slug>/whats-new/", views.whats_new, name="whats_new"),
]
