"""API of results, on the isolation base classes (orgs.api.base): /api/v1/orgs/<org>/results/."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from billing.entitlements import Feature, PlanFeaturesMixin
from orgs.api.base import OrgScopedViewSet
from orgs.models import OrgPermission
from scoring import exports, selectors
from scoring.api.serializers import ResultSerializer
from scoring.services import result_recompute

# What ResultSerializer returns, for the list (the cursor's keys are among them).
LIST_COLUMNS = (
    *(name for name in ResultSerializer.Meta.fields if name not in ("user_email", "template")),
    "template_id",
    "user__email",
)


def _field_errors(exc: ValidationError) -> dict:
    return exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}


def _attachment(body, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@extend_schema(tags=["results"])
class ResultViewSet(
    PlanFeaturesMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, OrgScopedViewSet
):
    """Scored results: the caller's own and those shared with them; owners, admins and
    platform staff see the organisation's."""

    plan_features = {"pdf": Feature.EXPORTS, "csv": Feature.EXPORTS}

    serializer_class = ResultSerializer
    write_permission = OrgPermission.VIEW  # the one write (recompute) is checked as staff-only
    filterset_fields = ["assessment_type", "bracket"]
    ordering_fields = ["created_at", "score"]
    ordering = ["-created_at"]

    def scoped_queryset(self, *, org):
        results = selectors.results_of_member(
            org=org, user=self.request.user, membership=self.membership
        ).select_related("user")
        if self.action == "list":  # the serializer's columns only (not the user's whole row)
            return results.only(*LIST_COLUMNS)
        return results

    @extend_schema(request=None, responses=ResultSerializer)
    @action(detail=True, methods=["post"])
    def recompute(self, request, *args, **kwargs):
        """Platform staff: score the attempt again with the rubric version it recorded. The
        response says whether anything changed (it should not)."""
        result = self.get_object()  # org scoping first: an outsider gets 404
        if not request.user.is_platform_admin:
            raise exceptions.PermissionDenied("Only platform staff recompute results.")
        try:
            result, changed = result_recompute(result=result)
        except ValidationError as exc:
            raise exceptions.ValidationError(_field_errors(exc)) from exc
        return Response({"changed": changed, "result": ResultSerializer(result).data})

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request, *args, **kwargs):
        """The board report as PDF."""
        result = self.get_object()
        history = selectors.result_history(
            self.get_queryset(),
            user_id=result.user_id,
            assessment_type=result.assessment_type,
            fields=("id", "score", "created_at"),
        )
        body = exports.result_pdf(
            result,
            org_name=self.org.name,
            person=result.user.get_full_name() or result.user.email,
            history=history,
        )
        return _attachment(body, "application/pdf", f"{result.assessment_type}.pdf")

    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.STR})
    @action(detail=True, methods=["get"])
    def csv(self, request, *args, **kwargs):
        """The result as CSV (section, item, value)."""
        result = self.get_object()
        return _attachment(exports.result_csv(result), "text/csv", f"{result.assessment_type}.csv")
