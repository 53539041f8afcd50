from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from accounts.models import User


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
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
