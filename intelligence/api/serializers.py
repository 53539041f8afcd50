from __future__ import annotations

from rest_framework import serializers

from config.api import StrictModelSerializer
from intelligence.follows import INDUSTRY, KINDS, MAX_NAME, SOURCE_PREFIX
from intelligence.models import RealtimeMarketTrend, RealtimeSubscription


class FeedItemSerializer(StrictModelSerializer):
    class Meta:
        model = RealtimeMarketTrend
        fields = [
            "id",
            "title",
            "insight",
            "url",
            "source",
            "industry",
            "industries",
            "published_at",
            "created_at",
        ]
        read_only_fields = fields


class FollowSerializer(StrictModelSerializer):
    """A follow as the client sees it: kind (industry or source) and name."""

    kind = serializers.ChoiceField(choices=KINDS)
    name = serializers.CharField(max_length=MAX_NAME)

    class Meta:
        model = RealtimeSubscription
        fields = ["id", "kind", "name", "created_at"]
        read_only_fields = ["id", "created_at"]

    def to_representation(self, instance):
        is_industry = instance.topic == INDUSTRY
        return {
            "id": str(instance.pk),
            "kind": "industry" if is_industry else "source",
            "name": instance.industry if is_industry else instance.topic[len(SOURCE_PREFIX) :],
            "created_at": serializers.DateTimeField().to_representation(instance.created_at),
        }
