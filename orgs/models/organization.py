"""enterprise_orgs, org_users and org_roles (seed §2.2), plus the invitations that fill them."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from config import tenancy


class OrgPermission(models.TextChoices):
    """What a role inside an organisation may do; roles are sets of these."""

    VIEW = "org.view", "View the organisation's data"
    EDIT = "org.edit", "Create and edit assessments and plans"
    MANAGE_MEMBERS = "org.manage_members", "Invite, remove and change members"
    MANAGE_BILLING = "org.manage_billing", "Manage billing and subscription"
    MANAGE_SETTINGS = "org.manage_settings", "Rename the organisation, edit settings and roles"
    MANAGE_API_KEYS = "org.manage_api_keys", "Create and revoke API keys"


class SystemRole(models.TextChoices):
    OWNER = "owner", "Owner"
    ADMIN = "admin", "Admin"
    MEMBER = "member", "Member"
    VIEWER = "viewer", "Viewer"


SYSTEM_ROLE_PERMISSIONS: dict[str, list[str]] = {
    SystemRole.OWNER: list(OrgPermission.values),
    SystemRole.ADMIN: [
        OrgPermission.VIEW,
        OrgPermission.EDIT,
        OrgPermission.MANAGE_MEMBERS,
        OrgPermission.MANAGE_BILLING,
        OrgPermission.MANAGE_API_KEYS,
    ],
    SystemRole.MEMBER: [OrgPermission.VIEW, OrgPermission.EDIT],
    SystemRole.VIEWER: [OrgPermission.VIEW],
}


class Organization(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.TextField(unique=True)
    slug = models.TextField(unique=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_column="owner_id",
        on_delete=models.PROTECT,
        related_name="owned_orgs",
    )
    sso_config = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "enterprise_orgs"
        ordering = ["name"]
        verbose_name = "organisation"
        constraints = [
            models.UniqueConstraint(Lower("name"), name="enterprise_orgs_name_ci_uniq"),
            models.CheckConstraint(
                condition=models.Q(slug__regex=r"^[a-z0-9]+(?:-[a-z0-9]+)*$"),
                name="enterprise_orgs_slug_format",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OrgRole(models.Model):
    """A named set of permissions in one organisation: the four system roles or a custom one."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    org = models.ForeignKey(
        Organization, db_column="org_id", on_delete=models.CASCADE, related_name="roles"
    )
    key = models.TextField()
    name = models.TextField()
    permissions = ArrayField(models.TextField(), default=list, blank=True)
    is_system = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = tenancy.OrgOwnedManager()
    objects_unscoped = tenancy.UnscopedManager()

    class Meta:
        db_table = "org_roles"
        ordering = ["org", "name"]
        constraints = [
            models.UniqueConstraint(fields=["org", "key"], name="org_roles_org_key_uniq"),
            models.UniqueConstraint(fields=["org", "name"], name="org_roles_org_name_uniq"),
            models.CheckConstraint(
                condition=models.Q(permissions__contained_by=OrgPermission.values),
                name="org_roles_permissions_known",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def grants(self, permission: str) -> bool:
        return permission in self.permissions


class Membership(models.Model):
    """A user's membership of an organisation (org_users)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    org = models.ForeignKey(
        Organization, db_column="org_id", on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_column="user_id",
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.ForeignKey(
        OrgRole, db_column="role_id", on_delete=models.PROTECT, related_name="memberships"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_column="invited_by",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = tenancy.OrgOwnedManager()
    objects_unscoped = tenancy.UnscopedManager()

    class Meta:
        db_table = "org_users"
        ordering = ["org", "created_at"]
        verbose_name = "membership"
        constraints = [
            models.UniqueConstraint(fields=["org", "user"], name="org_users_org_user_uniq"),
        ]
        indexes = [models.Index(fields=["user"], name="org_users_user_idx")]

    def __str__(self) -> str:
        return f"{self.user} in {self.org}"

    def can(self, permission: str) -> bool:
        return self.role.grants(permission)


class Invitation(models.Model):
    """An emailed invitation to join an organisation with a role (org_invitations).

    Not in the seed: it is what "joins one by invitation" needs. Only a hash of the token is kept,
    so a database read does not let anyone accept an invitation.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    org = models.ForeignKey(
        Organization, db_column="org_id", on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.TextField()
    role = models.ForeignKey(
        OrgRole, db_column="role_id", on_delete=models.CASCADE, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_column="invited_by",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_column="accepted_by",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = tenancy.OrgOwnedManager()
    objects_unscoped = tenancy.UnscopedManager()

    class Meta:
        db_table = "org_invitations"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                "org",
                Lower("email"),
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="org_invitations_one_open_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.org}"

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )
