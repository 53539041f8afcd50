from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from accounts.models import User
from events.audit import AuditReadsAdminMixin


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


@admin.register(User)
class UserAdmin(AuditReadsAdminMixin, DjangoUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    list_display = (
        "email",
        "first_name",
        "last_name",
        "company",
        "role",
        "org",
        "is_active",
        "created_at",
    )
    list_filter = ("role", "is_active", "industry", "company_size", "agreed_marketing")
    list_select_related = ("org",)
    search_fields = ("email", "first_name", "last_name", "company")
    ordering = ("-created_at",)
    date_hierarchy = "created_at"
    readonly_fields = ("u_id", "created_at", "last_login", "is_staff", "is_superuser")
    autocomplete_fields = ("org",)
    show_full_result_count = False
    fieldsets = (
        (None, {"fields": ("u_id", "email", "password")}),
        (
            "Profile",
            {
                "fields": (
                    "first_name",
                    "last_name",
                    "title",
                    "phone",
                    "timezone",
                    "linkedin_url",
                    "profile_pic_url",
                )
            },
        ),
        ("Company", {"fields": ("company", "company_size", "revenue_range", "industry", "org")}),
        ("Consent", {"fields": ("agreed_terms", "agreed_marketing")}),
        (
            "Access",
            {
                "fields": (
                    "role",
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        ("Dates", {"fields": ("created_at", "last_login")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    filter_horizontal = ("groups", "user_permissions")

    def audit_this_read(self, request, obj) -> bool:
        return obj.pk != request.user.pk  # reading another user's profile is audited


# --- Part A: legacy and activity tables -------------------------------------------------------
from accounts.models import (  # noqa: E402
    GrowthUser,
    Lead,
    Tier2Profile,
    TrialUser,
    UserAction,
    UserActivity,
    UserAnalytics,
    UserSession,
    WebsocketConnection,
)


class LegacyReadOnlyAdmin(admin.ModelAdmin):
    """Legacy tables (seed §15) are shown, never written from the admin."""

    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(GrowthUser)
class GrowthUserAdmin(LegacyReadOnlyAdmin):
    list_display = ("email", "name", "industry", "companysize", "revenuerange", "createdat")
    list_filter = ("industry", "companysize", "revenuerange")
    search_fields = ("email", "name")
    ordering = ("-createdat",)


@admin.register(Tier2Profile)
class Tier2ProfileAdmin(LegacyReadOnlyAdmin):
    list_display = ("user", "headline", "onboarding_completed", "created_at")
    list_select_related = ("user",)
    search_fields = ("user__email", "headline")
    ordering = ("-created_at",)


@admin.register(TrialUser)
class TrialUserAdmin(LegacyReadOnlyAdmin):
    list_display = ("email", "name", "company", "status", "trial_ends_at", "created_at")
    list_filter = ("status",)
    search_fields = ("email", "name", "company")
    ordering = ("-created_at",)


@admin.register(Lead)
class LeadAdmin(LegacyReadOnlyAdmin):
    list_display = ("email", "name", "company", "source", "status", "created_at")
    list_filter = ("status", "source")
    search_fields = ("email", "name", "company")
    ordering = ("-created_at",)


@admin.register(UserActivity)
class UserActivityAdmin(LegacyReadOnlyAdmin):
    list_display = ("activity", "growth_user", "createdat")
    list_select_related = ("growth_user",)
    search_fields = ("activity", "growth_user__email")
    ordering = ("-createdat",)


class ActivityAdmin(admin.ModelAdmin):
    list_select_related = ("user", "org")
    search_fields = ("user__email", "org__name")
    autocomplete_fields = ("user", "org")
    readonly_fields = ("id", "created_at")
    ordering = ("-created_at",)
    show_full_result_count = False


@admin.register(UserSession)
class UserSessionAdmin(ActivityAdmin):
    list_display = ("user", "org", "ip_address", "started_at", "last_seen_at", "ended_at")
    search_fields = ("user__email", "org__name", "session_key")


@admin.register(UserAnalytics)
class UserAnalyticsAdmin(ActivityAdmin):
    list_display = ("user", "org", "date", "page_views", "sessions", "actions")
    ordering = ("-date",)


@admin.register(UserAction)
class UserActionAdmin(ActivityAdmin):
    list_display = ("action", "target_type", "user", "org", "created_at")
    list_filter = ("action",)
    search_fields = ("action", "user__email", "org__name")


@admin.register(WebsocketConnection)
class WebsocketConnectionAdmin(ActivityAdmin):
    list_display = ("connection_id", "channel", "user", "org", "connected_at", "disconnected_at")
    list_filter = ("channel",)
    search_fields = ("connection_id", "user__email", "org__name")
