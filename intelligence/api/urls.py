from django.urls import include, path
from rest_framework.routers import SimpleRouter

from intelligence.api import views

router = SimpleRouter()
router.register("intelligence/items", views.FeedItemViewSet, basename="intelligence-item")
router.register("intelligence/follows", views.FollowViewSet, basename="intelligence-follow")

urlpatterns = [path("orgs/<slug:org_slug>/", include(router.urls))]
