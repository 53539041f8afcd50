from rest_framework import serializers

from scoring.models import AssessmentScoringResult


class ResultSerializer(serializers.ModelSerializer):
    user_email = serializers.EmailField(source="user.email", read_only=True)

    class Meta:
        model = AssessmentScoringResult
        fields = [
            "id",
            "assessment_type",
            "score",
            "bracket",
            "description",
            "recommendations",
            "next_steps",
            "confidence",
            "ai_insights",
            "category_scores",
            "swot_analysis",
            "assessment_id",
            "template",
            "rubric_version",
            "user_email",
            "created_at",
        ]
        read_only_fields = fields
