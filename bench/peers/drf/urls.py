from django.urls import path

from bench.peers.drf.views import ResultList

urlpatterns = [path("api/v1/orgs/<slug:slug>/results/", ResultList.as_view())]
