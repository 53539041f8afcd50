from rest_framework import serializers

from config.api import StrictModelSerializer
from orgs import selectors
from orgs.models import (
    ApiKey,
    ApiKeyScope,
    Invitation,
    Membership,
    Organization,
    OrgPermission,
    OrgRole,
    SystemRole,
)


class OrganizationSerializer(StrictModelSerializer):
    owner = serializers.EmailField(source="owner.email", read_only=True)
    name = serializers.CharField(max_length=120)

    class Meta:
        model = Organization
        fields = ["id", "name", "slug", "owner", "created_at", "updated_at"]
        read_only_fields = ["id", "slug", "owner", "created_at", "updated_at"]


class RoleSerializer(StrictModelSerializer):
    name = serializers.CharField(max_length=80)
    permissions = serializers.ListField(
        child=serializers.ChoiceField(choices=OrgPermission.choices), max_length=20
    )

    class Meta:
        model = OrgRole
        fields = ["id", "key", "name", "permissions", "is_system", "created_at"]
        read_only_fields = ["id", "key", "is_system", "created_at"]


class MemberUserSerializer(serializers.Serializer):
    u_id = serializers.UUIDField(read_only=True)
    email = serializers.EmailField(read_only=True)
    first_name = serializers.CharField(read_only=True)
    last_name = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)


class OrgRoleField(serializers.PrimaryKeyRelatedField):
    """A role of the request's organisation only; another org's role id is 'does not exist'."""

    def get_queryset(self):
        return selectors.roles_for_org(org=self.context["org"]).exclude(key=SystemRole.OWNER)


class MembershipSerializer(StrictModelSerializer):
    user = MemberUserSerializer(read_only=True)
    role = OrgRoleField()
    role_name = serializers.CharField(source="role.name", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "user", "role", "role_name", "created_at"]
        read_only_fields = ["id", "user", "created_at"]


class InvitationSerializer(StrictModelSerializer):
    email = serializers.EmailField(max_length=254)
    role = OrgRoleField()

    class Meta:
        model = Invitation
        fields = ["id", "email", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
        read_only_fields = ["id", "created_at", "expires_at", "accepted_at", "revoked_at"]


class ApiKeySerializer(StrictModelSerializer):
    name = serializers.CharField(max_length=100)
    scope = serializers.ChoiceField(choices=ApiKeyScope.choices, default=ApiKeyScope.READ)
    created_by = serializers.EmailField(source="created_by.email", read_only=True)

    class Meta:
        model = ApiKey
        fields = [
            "id",
            "name",
            "prefix",
            "scope",
            "created_by",
            "created_at",
            "last_used_at",
            "revoked_at",
        ]
        read_only_fields = [
            "id",
            "prefix",
            "created_by",
            "created_at",
            "last_used_at",
            "revoked_at",
        ]


class ApiKeyCreatedSerializer(ApiKeySerializer):
    key = serializers.CharField(read_only=True, help_text="Shown once; store it now.")

    class Meta(ApiKeySerializer.Meta):
        fields = [*ApiKeySerializer.Meta.fields, "key"]
