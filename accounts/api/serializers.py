from rest_framework import serializers

from accounts.choices import CompanySize, Industry, RevenueRange, timezone_choices
from accounts.models import User
from accounts.models.user import PROFILE_FIELDS
from config.api import StrictModelSerializer


class MeSerializer(StrictModelSerializer):
    """The signed-in user's own profile. Identity, role and org are read-only."""

    first_name = serializers.CharField(max_length=150)
    last_name = serializers.CharField(max_length=150)
    title = serializers.CharField(max_length=200, allow_blank=True, required=False)
    phone = serializers.RegexField(
        r"^[0-9+\-() .]*$", max_length=40, allow_blank=True, required=False
    )
    company = serializers.CharField(max_length=200, allow_blank=True, required=False)
    company_size = serializers.ChoiceField(
        choices=CompanySize.choices, allow_blank=True, required=False
    )
    revenue_range = serializers.ChoiceField(
        choices=RevenueRange.choices, allow_blank=True, required=False
    )
    industry = serializers.ChoiceField(choices=Industry.choices, allow_blank=True, required=False)
    timezone = serializers.ChoiceField(choices=[], allow_blank=True, required=False)
    linkedin_url = serializers.URLField(max_length=500, allow_blank=True, required=False)
    current_org = serializers.SlugRelatedField(source="org", slug_field="slug", read_only=True)

    class Meta:
        model = User
        fields = [
            "u_id",
            "email",
            *PROFILE_FIELDS,
            "profile_pic_url",
            "role",
            "current_org",
            "created_at",
        ]
        read_only_fields = ["u_id", "email", "profile_pic_url", "role", "created_at"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["timezone"].choices = timezone_choices()
