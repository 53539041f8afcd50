"""Reads of organisation data. Each takes the user or the org first."""

from __future__ import annotations

import uuid

from django.db.models import F, QuerySet

from accounts.models import User
from config import tenancy
from orgs.models import (
    ApiKey,
    Invitation,
    Membership,
    Organization,
    OrgPermission,
    OrgRole,
    SecurityAlert,
    SystemRole,
)

# The security page shows the newest alerts; older ones stay in the table and the audit log.
SECURITY_ALERTS_SHOWN = 100


def memberships_for_user_unscoped(*, user: User) -> list[Membership]:
    """The user's memberships across organisations (the navigation's list of their orgs)."""
    with tenancy.unscoped():
        return list(
            Membership.objects_unscoped.filter(user=user)
            .select_related("org", "role")
            .order_by("org__name")
        )


def membership_for_url_unscoped(*, user: User, slug: str) -> Membership | None:
    """The user's membership of the org a URL names (staff: a read-only view), before its
    scope is open: the middleware and the API base resolve the scope with it."""
    with tenancy.unscoped():
        membership = (
            Membership.objects_unscoped.filter(user=user, org__slug=slug)
            .select_related("org", "role")
            .first()
        )
        if membership is None and user.is_platform_admin:
            return _membership_staff_view(slug=slug, user=user)
        return membership


def _membership_staff_view(*, user: User, slug: str) -> Membership | None:
    """Platform staff see every organisation, read-only, without being a member of it.

    The membership is not saved: it carries a view-only role so every permission check that
    follows treats staff as a viewer. Called inside `membership_for_url_unscoped`'s block.
    """
    org = Organization.objects.filter(slug=slug).first()
    if org is None:
        return None
    role = OrgRole(
        org=org, key="staff", name="Platform staff (read-only)", permissions=[OrgPermission.VIEW]
    )
    return Membership(org=org, user=user, role=role)


def membership_last_used_unscoped(*, user: User, org_id: str | None = None) -> Membership | None:
    """Only for picking where an org-less URL redirects (orgs.middleware.last_used_org_unscoped):
    the membership of `org_id` (the org this session last worked in), else of the org the user
    last chose, else their first one; never an org the user is not (or no longer) in."""
    with tenancy.unscoped():
        memberships = (
            Membership.objects_unscoped.filter(user=user)
            .select_related("org", "role")
            .order_by("org__name")
        )
        for candidate in (org_id, user.org_id):
            if candidate and _is_uuid(candidate):
                current = memberships.filter(org_id=candidate).first()
                if current:
                    return current
        return memberships.first()


def membership_acting(*, org: Organization, user: User) -> Membership | None:
    """The actor's own membership, locked until the end of the transaction.

    Services that grant or take away permissions check against it; the lock makes a concurrent
    demotion of the actor wait instead of racing the check.
    """
    return (
        Membership.objects.select_for_update(of=("self",))
        .select_related("role", "org")
        .filter(org=org, user=user)
        .first()
    )


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def members_for_org(*, org: Organization) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(org=org)
        .select_related("user", "role")
        .order_by("user__first_name", "user__last_name", "user__email")
    )


def roles_for_org(*, org: Organization) -> QuerySet[OrgRole]:
    return OrgRole.objects.filter(org=org).order_by("-is_system", "name")


def roles_grantable_by(*, membership: Membership) -> QuerySet[OrgRole]:
    """The roles this member may give to others (or to themselves): see `orgs.roles`."""
    from orgs.roles import OWNER_ONLY_PERMISSIONS, is_owner

    roles = roles_for_org(org=membership.org).exclude(key=SystemRole.OWNER)
    roles = roles.filter(permissions__contained_by=list(membership.role.permissions))
    if not is_owner(membership):
        roles = roles.exclude(permissions__overlap=sorted(OWNER_ONLY_PERMISSIONS))
    return roles


def invitations_open_for_org(*, org: Organization) -> QuerySet[Invitation]:
    from django.utils import timezone

    return (
        Invitation.objects.filter(
            org=org,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("role", "invited_by")
        .order_by("-created_at")
    )


def invitation_by_token_unscoped(*, token: str) -> Invitation | None:
    """Crosses orgs on purpose: the token is the credential, the invitee is not a member yet."""
    from orgs.services import hash_token

    with tenancy.unscoped():
        return (
            Invitation.objects_unscoped.select_related("org", "role", "invited_by")
            .filter(token_hash=hash_token(token))
            .first()
        )


def api_keys_for_org(*, org: Organization) -> QuerySet[ApiKey]:
    return ApiKey.objects.filter(org=org).select_related("created_by").order_by("-created_at")


def security_alerts_for_org(*, org: Organization) -> QuerySet[SecurityAlert]:
    """The organisation's alerts, open ones first, newest first."""
    return (
        SecurityAlert.objects.filter(org=org)
        .select_related("user", "resolved_by")
        .order_by(F("resolved_at").desc(nulls_first=True), "-created_at")
    )


def invitations_open_for_email_unscoped(*, email: str) -> list[Invitation]:
    """Invitations addressed to the user's (verified) email, across organisations by design."""
    from django.utils import timezone

    with tenancy.unscoped():
        return list(
            Invitation.objects_unscoped.filter(
                email__iexact=email,
                accepted_at__isnull=True,
                revoked_at__isnull=True,
                expires_at__gt=timezone.now(),
            )
            .select_related("org", "role", "invited_by")
            .order_by("-created_at")
        )


def invitation_open_for_email_unscoped(*, email: str, invitation_id) -> Invitation | None:
    """One of the invitations addressed to `email` (the join button), or None."""
    return next(
        (
            i
            for i in invitations_open_for_email_unscoped(email=email)
            if str(i.pk) == str(invitation_id)
        ),
        None,
    )


def api_key_live_by_prefix_unscoped(*, prefix: str) -> ApiKey | None:
    """API-key authentication runs before any scope: the key is what names the organisation."""
    with tenancy.unscoped():
        return (
            ApiKey.objects_unscoped.select_related("org", "created_by")
            .filter(prefix=prefix, revoked_at__isnull=True)
            .first()
        )


def membership_exists_unscoped(*, org: Organization, user: User) -> bool:
    """Whether `user` still belongs to `org` (a key's creator, checked while authenticating)."""
    with tenancy.unscoped():
        return Membership.objects_unscoped.filter(org=org, user=user).exists()


def organizations_visible_to(*, user: User, key: ApiKey | None) -> QuerySet[Organization]:
    """The API's organisation list: a key's own org; staff every org; a user their orgs."""
    orgs = Organization.objects.select_related("owner")
    if key is not None:
        return orgs.filter(pk=key.org_id)
    if user.is_platform_admin:
        return orgs
    return orgs.filter(pk__in=[m.org_id for m in memberships_for_user_unscoped(user=user)])


def organizations_none() -> QuerySet[Organization]:
    return Organization.objects.none()


def api_key_for_request_unscoped(*, prefix: str) -> ApiKey | None:
    """API-key authentication in one query, before any scope (the key names its org): the live
    key with its org and creator, the creator's membership of the org with its role (None once
    they left: `key.membership`), and the org's plan, which billing annotates through
    orgs.plans (it lands in billing's per-org cache, so the plan checks ask nothing more)."""
    from django.db.models import JSONField, OuterRef, Subquery
    from django.db.models.functions import JSONObject

    from orgs import plans

    with tenancy.unscoped():
        membership = Membership.objects_unscoped.filter(
            org_id=OuterRef("org_id"), user_id=OuterRef("created_by_id")
        ).values(
            row=JSONObject(
                id="id",
                created_at="created_at",
                updated_at="updated_at",
                invited_by_id="invited_by_id",
                role_id="role_id",
                role_key="role__key",
                role_name="role__name",
                role_permissions="role__permissions",
                role_is_system="role__is_system",
            )
        )[:1]
        keys = (
            ApiKey.objects_unscoped.select_related("org", "created_by")
            .filter(prefix=prefix, revoked_at__isnull=True)
            .annotate(membership_row=Subquery(membership, output_field=JSONField()))
        )
        key = plans.key_plan_annotate_unscoped(keys).order_by().first()
    if key is None:
        return None
    key.membership = _membership_of_key(key, key.membership_row)
    plans.key_plan_remember(key)
    return key


def _membership_of_key(key: ApiKey, row: dict | None) -> Membership | None:
    """The membership (and role) the authentication query read, as saved model instances."""
    from django.utils.dateparse import parse_datetime

    if row is None:
        return None
    role = OrgRole(
        id=uuid.UUID(row["role_id"]),
        org_id=key.org_id,
        key=row["role_key"],
        name=row["role_name"],
        permissions=list(row["role_permissions"] or []),
        is_system=row["role_is_system"],
    )
    membership = Membership(
        id=uuid.UUID(row["id"]),
        org_id=key.org_id,
        user_id=key.created_by_id,
        role_id=role.id,
        invited_by_id=Membership._meta.get_field("invited_by").target_field.to_python(
            row["invited_by_id"]
        ),
        created_at=parse_datetime(row["created_at"]),
        updated_at=parse_datetime(row["updated_at"]),
    )
    for instance in (role, membership):
        instance._state.adding = False
        instance._state.db = "default"
    role.org = key.org
    membership.org, membership.user, membership.role = key.org, key.created_by, role
    return membership
