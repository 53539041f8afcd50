"""The intelligence API under /api/v1/orgs/<org_slug>/intelligence/: feed items (filter by
industry, source, since; full-text `q`; the default keyset cursor pagination) and the caller's
follows. A paid feature: the plan is checked on every action (402 for Free)."""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from billing.entitlements import Feature, PlanFeaturesMixin
from intelligence import feed, follows
from intelligence.api.serializers import FeedItemSerializer, FollowSerializer
from intelligence.models import RealtimeMarketTrend
from orgs.api.base import OrgScopedViewSet
from orgs.models import OrgPermission

GATE = Feature.MARKET_INTELLIGENCE


class FeedItemFilter(django_filters.FilterSet):
    industry = django_filters.CharFilter(method="of_industry", max_length=100)
    source = django_filters.CharFilter(field_name="source")
    since = django_filters.IsoDateTimeFilter(field_name="published_at", lookup_expr="gte")
    q = django_filters.CharFilter(method="search", max_length=feed.MAX_QUERY_LENGTH)

    class Meta:
        model = RealtimeMarketTrend
        fields = ["industry", "source", "since", "q"]

    def of_industry(self, queryset, name, value):
        return queryset.filter(feed.of_industries([value]))

    def search(self, queryset, name, value):
        return feed.feed_search(queryset, query=value)


@extend_schema(tags=["intelligence"])
class FeedItemViewSet(PlanFeaturesMixin, mixins.ListModelMixin, OrgScopedViewSet):
    """Market intelligence items, newest first (global rows; the org's plan opens them)."""

    serializer_class = FeedItemSerializer
    filterset_class = FeedItemFilter
    ordering_fields = ["published_at"]
    ordering = ["-published_at"]
    plan_features = {"list": GATE}

    def scoped_queryset(self, *, org):
        return feed.feed_items(filters=feed.FeedFilters())


@extend_schema(tags=["intelligence"])
class FollowViewSet(
    PlanFeaturesMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    OrgScopedViewSet,
):
    """The caller's follows: follow with {kind, name}, unfollow by deleting the follow."""

    serializer_class = FollowSerializer
    filterset_fields: list[str] = []
    ordering_fields = ["created_at"]
    ordering = ["-created_at"]
    write_permission = OrgPermission.VIEW  # a follow is the caller's own
    plan_features = {"list": GATE, "create": GATE, "destroy": GATE}

    def scoped_queryset(self, *, org):
        return follows.follow_rows_of_user(user=self.request.user)

    def _refuse_staff(self) -> None:
        if self.membership._state.adding:  # platform staff's read-only view
            raise PermissionDenied("Platform staff read organisations; they do not follow.")

    def create(self, request, *args, **kwargs):
        self._refuse_staff()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            row = follows.follow_set(user=request.user, active=True, **serializer.validated_data)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        return Response(FollowSerializer(row).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        self._refuse_staff()
        row = self.get_object()
        follows.follow_unset(follow=row)
        return Response(status=status.HTTP_204_NO_CONTENT)
