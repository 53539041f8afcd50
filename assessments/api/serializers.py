from rest_framework import serializers

from assessments.models import AssessmentDelegation, AssessmentTemplate, StrategicPulse
from config.api import StrictFieldsMixin, StrictModelSerializer
from scoring.choices import AssessmentType


class TemplateSerializer(serializers.ModelSerializer):
    class Meta:
        model = AssessmentTemplate
        fields = [
            "id",
            "assessment_type",
            "version",
            "title",
            "description",
            "questions",
            "rubric",
            "is_active",
            "updated_at",
        ]
        read_only_fields = fields


class AttemptSerializer(StrictFieldsMixin, serializers.Serializer):
    """One attempt at an assessment (any of the eleven `*_assessment` tables)."""

    id = serializers.UUIDField(read_only=True)
    assessment_type = serializers.SerializerMethodField()
    template = serializers.UUIDField(source="template_id", read_only=True)
    template_version = serializers.CharField(read_only=True)
    answers = serializers.JSONField(read_only=True)
    status = serializers.CharField(read_only=True)
    started_at = serializers.DateTimeField(read_only=True)
    submitted_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    def get_assessment_type(self, obj) -> str:
        return obj._meta.db_table.removesuffix("_assessment")


class AnswersSerializer(StrictFieldsMixin, serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.JSONField(),
        allow_empty=False,
        help_text='question key → answer (null or "" clears it; "__na__" for not applicable)',
    )


class DelegationSerializer(StrictModelSerializer):
    question_keys = serializers.ListField(
        child=serializers.CharField(), write_only=True, allow_empty=False
    )
    email = serializers.EmailField(write_only=True)
    assessment_type = serializers.ChoiceField(choices=AssessmentType.choices)
    assessment_id = serializers.UUIDField()

    class Meta:
        model = AssessmentDelegation
        fields = [
            "id",
            "assessment_type",
            "assessment_id",
            "email",
            "question_keys",
            "delegate_email",
            "sections",
            "message",
            "status",
            "due_date",
            "created_at",
            "completed_at",
        ]
        read_only_fields = [
            "id",
            "delegate_email",
            "sections",
            "status",
            "created_at",
            "completed_at",
        ]


class DelegatedAnswerSerializer(StrictFieldsMixin, serializers.Serializer):
    answer = serializers.JSONField()


class PulseSerializer(StrictModelSerializer):
    statements = serializers.ListField(
        child=serializers.CharField(max_length=300), write_only=True, allow_empty=False
    )
    emails = serializers.ListField(child=serializers.EmailField(), write_only=True)
    days_open = serializers.IntegerField(write_only=True, default=7)
    summary = serializers.SerializerMethodField()

    class Meta:
        model = StrategicPulse
        fields = [
            "id",
            "title",
            "questions",
            "status",
            "opens_at",
            "closes_at",
            "cadence_days",
            "statements",
            "emails",
            "days_open",
            "summary",
            "created_at",
        ]
        read_only_fields = ["id", "questions", "status", "opens_at", "closes_at", "created_at"]

    def get_summary(self, obj) -> dict:
        from assessments.services.pulses import pulse_summary

        return pulse_summary(obj, list(obj.responses.all()))


class PulseAnswerSerializer(StrictFieldsMixin, serializers.Serializer):
    answers = serializers.DictField(child=serializers.JSONField())
