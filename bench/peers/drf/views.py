"""The naive DRF list: ListAPIView + ModelSerializer + CursorPagination, as DRF's docs lead
one to write it."""

from django.db.models import Q
from rest_framework import generics, pagination, serializers

from bench.peers import common
from bench.peers.drf.models import Result, ResultShare


class ResultSerializer(serializers.ModelSerializer):
    user_email = serializers.EmailField(source="user.email", read_only=True)
    template = serializers.UUIDField(source="template_id", read_only=True)

    class Meta:
        model = Result
        fields = [
            "id", "assessment_type", "score", "bracket", "description", "recommendations",
            "next_steps", "confidence", "ai_insights", "category_scores", "swot_analysis",
            "assessment_id", "template", "rubric_version", "user_email", "created_at",
        ]  # fmt: skip


class Cursor(pagination.CursorPagination):
    page_size = common.PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = common.MAX_PAGE_SIZE
    ordering = ("-created_at", "-id")


class ResultList(generics.ListAPIView):
    serializer_class = ResultSerializer
    pagination_class = Cursor

    def get_queryset(self):
        rows = Result.objects.filter(org=self.request.auth.org).select_related("user")
        perms = self.membership.role.permissions
        if self.request.user.role in ("admin", "super_admin") or "org.manage_members" in perms:
            return rows
        shared = ResultShare.objects.filter(user=self.request.user).values("content_object_id")
        return rows.filter(Q(user=self.request.user) | Q(id__in=shared))
