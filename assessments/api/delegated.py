from rest_framework import serializers

from assessments.models import QuestionDelegation


class DelegatedQuestionSerializer(serializers.ModelSerializer):
    org = serializers.CharField(source="org.name", read_only=True)
    owner_email = serializers.EmailField(source="owner.email", read_only=True)

    class Meta:
        model = QuestionDelegation
        fields = [
            "id",
            "org",
            "owner_email",
            "assessment_type",
            "question_key",
            "question_text",
            "answer",
            "status",
            "due_date",
            "answered_at",
            "created_at",
        ]
        read_only_fields = fields
