from django.contrib import admin
from django.db.models import Count

from config.admin_tools import auto_admin
from orgs.models import ApiKey, Invitation, Membership, Organization, OrgRole, SecurityAlert


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "org"
    extra = 0
    autocomplete_fields = ("user", "role", "invited_by")
    fields = ("user", "role", "invited_by", "created_at")
    readonly_fields = ("created_at",)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "owner", "member_count", "created_at")
    list_select_related = ("owner",)
    search_fields = ("name", "slug", "owner__email")
    list_filter = ("created_at",)
    date_hierarchy = "created_at"
    autocomplete_fields = ("owner",)
    readonly_fields = ("id", "created_at", "updated_at")
    inlines = [MembershipInline]
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        # Only super admins change an organisation's owner or its SSO settings.
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["owner", "sso_config"]
        return fields

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_member_count=Count("memberships"))

    @admin.display(description="Members", ordering="_member_count")
    def member_count(self, obj: Organization) -> int:
        return obj._member_count


@admin.register(OrgRole)
class OrgRoleAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "org", "is_system", "created_at")
    list_select_related = ("org",)
    list_filter = ("is_system", "key")
    search_fields = ("name", "key", "org__name")
    autocomplete_fields = ("org",)
    show_full_result_count = False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "org", "role", "created_at")
    list_select_related = ("user", "org", "role")
    list_filter = ("role__key",)
    search_fields = ("user__email", "org__name")
    autocomplete_fields = ("user", "org", "role", "invited_by")
    show_full_result_count = False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = (
        "email",
        "org",
        "role",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    )
    list_select_related = ("org", "role", "invited_by")
    list_filter = ("accepted_at", "revoked_at")
    search_fields = ("email", "org__name")
    readonly_fields = ("token_hash",)
    autocomplete_fields = ("org", "role", "invited_by", "accepted_by")
    show_full_result_count = False


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "org",
        "prefix",
        "scope",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    list_select_related = ("org", "created_by")
    list_filter = ("scope", "revoked_at")
    search_fields = ("name", "prefix", "org__name")
    readonly_fields = ("prefix", "key_hash", "created_at", "last_used_at")
    autocomplete_fields = ("org", "created_by")
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False  # keys are made in the portal or the API, which show the secret once


admin.site.register(SecurityAlert, auto_admin(SecurityAlert))
