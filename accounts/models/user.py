"""tier2_users, the seed's primary user table (§2.1), as Django's user model."""

from __future__ import annotations

import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Length, Lower
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

from accounts.choices import PlatformRole

# The seed types these as text; no real name, title or company is longer. The portal form and
# the API refuse longer values with a field error; title and company also have a CHECK constraint.
# The fields a user edits on their own profile: one list for the portal form, the /me/ API and
# the update service.
PROFILE_FIELDS = (
    "first_name",
    "last_name",
    "title",
    "phone",
    "company",
    "company_size",
    "revenue_range",
    "industry",
    "timezone",
    "linkedin_url",
    "agreed_marketing",
    "email_high_priority",
)
PROFILE_TEXT_LIMITS = {
    "first_name": 150,
    "last_name": 150,
    "title": 200,
    "company": 200,
    "phone": 40,
    "linkedin_url": 500,
}
CHECKED_LENGTHS = ("title", "company")


def _length_check(field: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=LessThanOrEqual(Length(field), PROFILE_TEXT_LIMITS[field]),
        name=f"tier2_users_{field}_length",
    )


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **fields) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        fields.setdefault("role", PlatformRole.USER)
        return self._create_user(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields["role"] = PlatformRole.SUPER_ADMIN
        return self._create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. `role` is the platform role; staff flags follow from it."""

    u_id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    first_name = models.TextField(blank=True, default="")
    last_name = models.TextField(blank=True, default="")
    email = models.TextField(unique=True)
    phone = models.TextField(blank=True, default="")
    title = models.TextField(blank=True, default="")
    company = models.TextField(blank=True, default="")
    company_size = models.TextField(blank=True, default="")
    revenue_range = models.TextField(blank=True, default="")
    industry = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    timezone = models.TextField(blank=True, default="")
    linkedin_url = models.TextField(blank=True, default="")
    agreed_terms = models.BooleanField(default=False)
    agreed_marketing = models.BooleanField(default=False)
    # Not in the seed: high-priority notifications are also emailed unless the user turns it off.
    email_high_priority = models.BooleanField(default=True, db_default=True)
    profile_pic_url = models.TextField(blank=True, default="")
    role = models.TextField(choices=PlatformRole.choices, default=PlatformRole.USER)
    # The organisation the user is working in now; membership itself lives in org_users.
    org = models.ForeignKey(
        "orgs.Organization",
        db_column="org_id",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Columns Django's auth needs beside the seed's own.
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        db_table = "tier2_users"
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="tier2_users_email_ci_uniq"),
            models.CheckConstraint(
                condition=models.Q(role__in=PlatformRole.values), name="tier2_users_role_check"
            ),
            *(_length_check(field) for field in CHECKED_LENGTHS),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs) -> None:
        # The platform role is the source of truth; Django's staff flags follow it.
        self.is_staff = self.role in (PlatformRole.ADMIN, PlatformRole.SUPER_ADMIN)
        self.is_superuser = self.role == PlatformRole.SUPER_ADMIN
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "role" in update_fields:
            kwargs["update_fields"] = {*update_fields, "is_staff", "is_superuser"}
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email

    @property
    def initials(self) -> str:
        letters = (self.first_name[:1] + self.last_name[:1]) or self.email[:1]
        return letters.upper()

    def has_perm(self, perm: str, obj=None) -> bool:
        # Platform admins see everything in the Django admin, read-only; super admins may change.
        if self.is_active and self.role == PlatformRole.ADMIN and _is_view_permission(perm):
            return True
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label: str) -> bool:
        if self.is_active and self.role == PlatformRole.ADMIN:
            return True
        return super().has_module_perms(app_label)

    @property
    def is_platform_admin(self) -> bool:
        return self.role in (PlatformRole.ADMIN, PlatformRole.SUPER_ADMIN)


def _is_view_permission(perm: str) -> bool:
    return perm.partition(".")[2].startswith("view_")
