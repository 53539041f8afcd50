"""API of assessments, on the isolation base classes (orgs.api.base). Results are scoring's
(scoring.api)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from assessments import selectors
from assessments.api.serializers import (
    AnswersSerializer,
    AttemptSerializer,
    DelegatedAnswerSerializer,
    DelegationSerializer,
    PulseAnswerSerializer,
    PulseSerializer,
    TemplateSerializer,
)
from assessments.models import QuestionDelegation
from assessments.services import attempts as attempt_services
from assessments.services import delegation as delegation_services
from assessments.services import pulses as pulse_services
from billing.entitlements import (
    Feature,
    FeatureLocked,
    PlanFeaturesMixin,
    assessment_type_allowed,
)
from config.api import ScopedAPIMixin
from orgs.api.base import OrgScopedViewSet
from orgs.models import OrgPermission
from scoring.api.serializers import ResultSerializer
from scoring.choices import AssessmentType

TYPE_PARAMETER = OpenApiParameter(
    "assessment_type", str, OpenApiParameter.PATH, enum=AssessmentType.values
)


def _field_errors(exc: ValidationError) -> dict:
    return exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}


@extend_schema(tags=["assessment templates"])
class TemplateViewSet(ScopedAPIMixin, viewsets.ReadOnlyModelViewSet):
    """The active question banks (product-wide, the same for every organisation)."""

    serializer_class = TemplateSerializer
    filterset_fields = ["assessment_type", "version"]
    ordering = ["assessment_type"]

    def get_queryset(self):
        return selectors.templates_active_all()


@extend_schema_view(
    list=extend_schema(parameters=[TYPE_PARAMETER]),
    retrieve=extend_schema(parameters=[TYPE_PARAMETER]),
    create=extend_schema(parameters=[TYPE_PARAMETER], request=None),
)
@extend_schema(tags=["assessments"])
class AttemptViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, OrgScopedViewSet
):
    """The caller's own attempts at one assessment type: start (or resume), answer, submit."""

    serializer_class = AttemptSerializer
    http_method_names = ["get", "post", "head", "options"]
    ordering = ["-created_at"]

    def _type(self) -> str:
        assessment_type = self.kwargs.get("assessment_type", "")
        if assessment_type not in AssessmentType.values:
            raise Http404("No such assessment type.")
        return assessment_type

    def schema_model(self):
        return selectors.attempt_model(AssessmentType.values[0])  # every type has one shape

    def scoped_queryset(self, *, org):
        return selectors.attempts_of_user(
            org=org, user=self.request.user, assessment_type=self._type()
        )

    def create(self, request, *args, **kwargs):
        if request.data:
            raise exceptions.ValidationError(
                {key: ["This field is read-only or unknown."] for key in request.data}
            )
        if not assessment_type_allowed(self.org, self._type()):
            raise FeatureLocked(Feature.ALL_ASSESSMENTS, self.org)  # 402, as in the portal
        try:
            attempt = attempt_services.attempt_start(
                user=request.user, org=self.org, assessment_type=self._type()
            )
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from exc
        return Response(AttemptSerializer(attempt).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=AnswersSerializer, responses=AttemptSerializer, parameters=[TYPE_PARAMETER]
    )
    @action(detail=True, methods=["post"])
    def answers(self, request, *args, **kwargs):
        """Save answers (merged with those saved before). Refused answers come back as field
        errors and change nothing; the valid ones in the same request are saved."""
        attempt = self.get_object()
        payload = AnswersSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            attempt_services.attempt_save_answers(
                attempt=attempt, answers=payload.validated_data["answers"], user=request.user
            )
        except attempt_services.AnswersInvalid as exc:
            attempt.refresh_from_db()
            return Response(
                {"answers": exc.field_errors, "saved": AttemptSerializer(attempt).data},
                status=status.HTTP_400_BAD_REQUEST,
            )
        except ValidationError as exc:
            raise exceptions.ValidationError(_field_errors(exc)) from exc
        attempt.refresh_from_db()
        return Response(AttemptSerializer(attempt).data)

    @extend_schema(request=None, responses=ResultSerializer, parameters=[TYPE_PARAMETER])
    @action(detail=True, methods=["post"])
    def submit(self, request, *args, **kwargs):
        """Submit a complete attempt; answers with its scored result."""
        attempt = self.get_object()
        try:
            result = attempt_services.attempt_submit(attempt=attempt, user=request.user)
        except attempt_services.AnswersInvalid as exc:
            return Response(
                {"missing": sorted(exc.field_errors), "detail": "Required questions are missing."},
                status=status.HTTP_400_BAD_REQUEST,
            )
        except ValidationError as exc:
            raise exceptions.ValidationError(_field_errors(exc)) from exc
        return Response(ResultSerializer(result).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["delegations"])
class DelegationViewSet(
    PlanFeaturesMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    OrgScopedViewSet,
):
    """Questions the caller delegated to colleagues (by email)."""

    plan_features = {"create": Feature.TEAM_COLLABORATION}

    serializer_class = DelegationSerializer
    http_method_names = ["get", "post", "head", "options"]
    filterset_fields = ["assessment_type", "status"]
    ordering = ["-created_at"]

    def scoped_queryset(self, *, org):
        return selectors.delegations_owned(org=org, owner=self.request.user)

    def perform_create(self, serializer):
        data = serializer.validated_data
        attempt = selectors.attempt_of_user(
            org=self.org,
            user=self.request.user,
            assessment_type=data["assessment_type"],
            attempt_id=data["assessment_id"],
        )
        if attempt is None:
            raise exceptions.ValidationError({"assessment_id": ["No such assessment of yours."]})
        try:
            serializer.instance = delegation_services.questions_delegate(
                attempt=attempt,
                owner=self.request.user,
                email=data["email"],
                question_keys=data["question_keys"],
                message=data.get("message", ""),
                due_date=data.get("due_date"),
            )
        except ValidationError as exc:
            raise exceptions.ValidationError(_field_errors(exc)) from exc


@extend_schema(tags=["delegations"])
class DelegatedQuestionViewSet(ScopedAPIMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Questions delegated to the caller, in any organisation; answer them here (the call runs
    in the caller's own scope; the list reads across organisations by name)."""

    ordering = ["-created_at"]

    def get_serializer_class(self):
        from assessments.api.delegated import DelegatedQuestionSerializer

        return DelegatedAnswerSerializer if self.action == "answer" else DelegatedQuestionSerializer

    def get_queryset(self):
        from orgs.api.auth import api_key_of

        if getattr(self, "swagger_fake_view", False):  # schema generation: no caller
            return QuestionDelegation._default_manager.none()
        if api_key_of(self.request) is not None:
            raise exceptions.PermissionDenied("Delegated questions are personal: sign in instead.")
        return selectors.delegations_to_user_unscoped(self.request.user)

    @extend_schema(request=DelegatedAnswerSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        payload = DelegatedAnswerSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        if not self.get_queryset().filter(pk=pk).exists():
            raise Http404("No such delegated question.")
        try:
            delegation = delegation_services.question_answer(
                delegation_id=pk, user=request.user, answer=payload.validated_data["answer"]
            )
        except ValidationError as exc:
            raise exceptions.ValidationError(_field_errors(exc)) from exc
        from assessments.api.delegated import DelegatedQuestionSerializer

        return Response(DelegatedQuestionSerializer(delegation).data)


@extend_schema(tags=["pulses"])
class PulseViewSet(
    PlanFeaturesMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    OrgScopedViewSet,
):
    """Strategic pulses; results are aggregated and hidden below three answers. Sending one
    needs team collaboration; recipients of a sent pulse may answer it whatever the plan."""

    plan_features = {"create": Feature.TEAM_COLLABORATION}

    serializer_class = PulseSerializer
    write_permission = OrgPermission.MANAGE_MEMBERS
    http_method_names = ["get", "post", "head", "options"]
    filterset_fields = ["status"]
    ordering = ["-created_at"]

    action_permissions = {"respond": OrgPermission.VIEW}  # anyone the pulse was sent to

    def scoped_queryset(self, *, org):
        return selectors.pulses_of_org(org).prefetch_related("responses")

    def perform_create(self, serializer):
        data = serializer.validated_data
        try:
            serializer.instance = pulse_services.pulse_create(
                org=self.org,
                created_by=self.request.user,
                title=data["title"],
                statements=data["statements"],
                emails=data["emails"],
                days_open=data.get("days_open", 7),
                cadence_days=data.get("cadence_days"),
            )
        except ValidationError as exc:
            raise exceptions.ValidationError(_field_errors(exc)) from exc

    @extend_schema(request=PulseAnswerSerializer, responses=None)
    @action(detail=True, methods=["post"])
    def respond(self, request, *args, **kwargs):
        pulse = self.get_object()
        payload = PulseAnswerSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            pulse_services.pulse_respond(
                pulse=pulse, user=request.user, answers=payload.validated_data["answers"]
            )
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from exc
        except ValidationError as exc:
            raise exceptions.ValidationError(_field_errors(exc)) from exc
        return Response({"detail": "Answer recorded."}, status=status.HTTP_201_CREATED)
