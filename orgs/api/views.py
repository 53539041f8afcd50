from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from config.api import ScopedAPIMixin
from orgs import plans, selectors, services
from orgs.api.auth import api_key_of
from orgs.api.base import OrgScopedViewSet
from orgs.api.serializers import (
    ApiKeyCreatedSerializer,
    ApiKeySerializer,
    InvitationSerializer,
    MembershipSerializer,
    OrganizationSerializer,
    RoleSerializer,
)
from orgs.models import OrgPermission


@extend_schema(tags=["organisations"])
class OrganizationViewSet(
    ScopedAPIMixin,  # the caller's own scope (config.api); an org's rows are not read here
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Organisations the caller belongs to (an API key: its own organisation only)."""

    serializer_class = OrganizationSerializer  # the default permissions: key scope and plan
    lookup_field = "slug"
    lookup_url_kwarg = "org_slug"
    http_method_names = ["get", "patch", "head", "options"]
    filterset_fields = ["slug"]
    ordering_fields = ["name", "created_at"]
    ordering = ["name"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no caller
            return selectors.organizations_none()
        return selectors.organizations_visible_to(
            user=self.request.user, key=api_key_of(self.request)
        )

    def perform_update(self, serializer) -> None:
        membership = selectors.membership_for_url_unscoped(
            user=self.request.user, slug=serializer.instance.slug
        )
        if not membership.can(OrgPermission.MANAGE_SETTINGS):
            self.permission_denied(self.request, "Only the owner can rename the organisation.")
        if "name" in serializer.validated_data:  # PATCH {} changes nothing
            services.org_rename(org=serializer.instance, name=serializer.validated_data["name"])


@extend_schema_view(
    list=extend_schema(tags=["members"]),
    retrieve=extend_schema(tags=["members"]),
    partial_update=extend_schema(tags=["members"], description="Change a member's role."),
    destroy=extend_schema(tags=["members"], description="Remove a member."),
)
class MemberViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    OrgScopedViewSet,
):
    serializer_class = MembershipSerializer
    write_permission = OrgPermission.MANAGE_MEMBERS
    http_method_names = ["get", "patch", "delete", "head", "options"]
    filterset_fields = {"role__key": ["exact"], "user__email": ["exact", "icontains"]}
    ordering_fields = ["created_at", "user__email"]
    ordering = ["created_at"]

    def scoped_queryset(self, *, org):
        return selectors.members_for_org(org=org)

    def perform_update(self, serializer) -> None:
        if "role" not in serializer.validated_data:  # PATCH {} changes nothing
            return
        services.membership_change_role(
            membership=serializer.instance,
            role=serializer.validated_data["role"],
            actor=self.request.user,
        )

    def perform_destroy(self, instance) -> None:
        services.membership_remove(membership=instance, actor=self.request.user)


@extend_schema(tags=["roles"])
class RoleViewSet(viewsets.ModelViewSet, OrgScopedViewSet):
    """The organisation's roles; owners add custom roles from the permission set."""

    serializer_class = RoleSerializer
    write_permission = OrgPermission.MANAGE_SETTINGS
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    filterset_fields = ["is_system", "key"]
    ordering_fields = ["name", "created_at"]
    ordering = ["name"]

    def scoped_queryset(self, *, org):
        return selectors.roles_for_org(org=org)

    def perform_create(self, serializer) -> None:
        serializer.instance = services.role_create(
            org=self.org, actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer) -> None:
        data = {"name": serializer.instance.name, "permissions": serializer.instance.permissions}
        data.update(serializer.validated_data)
        services.role_update(role=serializer.instance, actor=self.request.user, **data)

    def perform_destroy(self, instance) -> None:
        services.role_delete(role=instance, actor=self.request.user)


@extend_schema(tags=["invitations"])
class InvitationViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    OrgScopedViewSet,
):
    """Open invitations; creating one emails the invitee, deleting one withdraws it."""

    serializer_class = InvitationSerializer
    read_permission = OrgPermission.MANAGE_MEMBERS
    write_permission = OrgPermission.MANAGE_MEMBERS
    filterset_fields = ["email"]
    ordering_fields = ["created_at", "email"]
    ordering = ["-created_at"]

    def scoped_queryset(self, *, org):
        return selectors.invitations_open_for_org(org=org)

    def perform_create(self, serializer) -> None:
        try:
            serializer.instance, _token = services.invitation_create(
                org=self.org, invited_by=self.request.user, **serializer.validated_data
            )
        except ValidationError as exc:
            # A role the inviter may not grant is the role's error; anything else, the email's.
            detail = exc.message_dict if hasattr(exc, "error_dict") else {"email": exc.messages}
            raise ValidationError(detail) from None

    def perform_destroy(self, instance) -> None:
        services.invitation_revoke(invitation=instance)


@extend_schema(tags=["api keys"])
class ApiKeyViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    OrgScopedViewSet,
):
    """API keys of the organisation; the key itself is shown once, at creation. DELETE revokes.
    Creating one needs a plan with the API (402 otherwise); listing and revoking never do."""

    plan_features = {"create": plans.API}  # billing.api.permissions.ActionPlanFeature
    serializer_class = ApiKeySerializer
    read_permission = OrgPermission.MANAGE_API_KEYS
    write_permission = OrgPermission.MANAGE_API_KEYS
    filterset_fields = ["scope"]
    ordering_fields = ["created_at", "last_used_at", "name"]
    ordering = ["-created_at"]

    def scoped_queryset(self, *, org):
        return selectors.api_keys_for_org(org=org)

    @extend_schema(responses={201: ApiKeyCreatedSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        key, raw = services.api_key_create(
            org=self.org, created_by=request.user, **serializer.validated_data
        )
        key.key = raw
        return Response(ApiKeyCreatedSerializer(key).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        services.api_key_revoke(key=self.get_object(), actor=self.request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
