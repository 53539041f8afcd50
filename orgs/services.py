"""Writes of organisation data: keyword-only, atomic, one business action each."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from config import tenancy
from events.services import event_record
from orgs import roles, selectors, signals
from orgs.models import (
    SYSTEM_ROLE_PERMISSIONS,
    ApiKey,
    Invitation,
    Membership,
    Organization,
    OrgRole,
    SecurityAlert,
    SystemRole,
)
from orgs.models.security import AlertSeverity, SecurityAlertType

INVITATION_LIFETIME = timedelta(days=14)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def slug_suggest(name: str) -> str:
    return slugify(name)[:50].strip("-") or "org"


def org_name_taken(*, name: str, exclude: Organization | None = None) -> bool:
    qs = Organization.objects.filter(name__iexact=name.strip())
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.exists()


def org_slug_taken(*, slug: str) -> bool:
    return Organization.objects.filter(slug=slug).exists()


@transaction.atomic
def org_create(*, owner: User, name: str, slug: str) -> Organization:
    """Create an organisation with its four system roles and the owner as its first member."""
    try:
        with transaction.atomic():
            org = Organization.objects.create(name=name.strip(), slug=slug, owner=owner)
    except IntegrityError:
        # A concurrent request took the name or slug between the form's check and this insert.
        raise ValidationError("That organisation name or URL is already taken.") from None
    roles = {
        key: OrgRole.objects.create(
            org=org,
            key=key,
            name=SystemRole(key).label,
            permissions=list(SYSTEM_ROLE_PERMISSIONS[key]),
            is_system=True,
        )
        for key in SystemRole.values
    }
    Membership.objects.create(org=org, user=owner, role=roles[SystemRole.OWNER])
    org_switch(user=owner, org=org)
    # Billing listens (the owner pays: a first-time owner starts on a trial), in this transaction.
    with tenancy.org_scope(org=org, user=owner):
        signals.org_created.send(sender=Organization, org=org, owner=owner)
    event_record(
        event_type="org.created",
        source="orgs",
        user=owner,
        org=org,
        data={"name": org.name, "slug": org.slug},
    )
    return org


def org_switch(*, user: User, org: Organization) -> None:
    if user.org_id != org.pk:
        user.org = org
        user.save(update_fields=["org"])


@transaction.atomic
def org_rename(*, org: Organization, name: str) -> Organization:
    """Rename; the slug is kept so every link to the organisation stays valid."""
    org.name = name.strip()
    try:
        with transaction.atomic():
            org.save(update_fields=["name", "updated_at"])
    except IntegrityError:
        raise ValidationError("Another organisation already uses that name.") from None
    event_record(event_type="org.renamed", source="orgs", org=org, data={"name": org.name})
    return org


def _acting(*, org: Organization, user: User) -> Membership:
    """The actor's membership of `org`; whoever is not a member grants nothing."""
    actor = selectors.membership_acting(org=org, user=user)
    if actor is None:
        raise ValidationError(f"Only a member of {org.name} can do this.")
    return actor


def invitation_create(
    *, org: Organization, email: str, role: OrgRole, invited_by: User
) -> tuple[Invitation, str]:
    """Invite an email address; returns the invitation and the one-time token for its link.

    The inviter grants the role: they must be allowed to (`orgs.roles`).
    """
    email = email.strip().lower()
    if Membership.objects.filter(org=org, user__email__iexact=email).exists():
        raise ValidationError(f"{email} is already a member of {org.name}.")
    if role.org_id != org.pk:
        raise ValidationError("Choose one of this organisation's roles.")
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        actor = _acting(org=org, user=invited_by)
        roles.require_grant(actor=actor, permissions=role.permissions, role_key=role.key)
        # A new invitation replaces any open one for the same address (saved one by one so
        # that each change goes through the model's signals and is audited).
        for previous in Invitation.objects.filter(
            org=org, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
        ):
            invitation_revoke(invitation=previous)
        invitation = Invitation.objects.create(
            org=org,
            email=email,
            role=role,
            token_hash=hash_token(token),
            invited_by=invited_by,
            expires_at=timezone.now() + INVITATION_LIFETIME,
        )
        transaction.on_commit(lambda: _send_invitation_email(invitation, token))
        event_record(
            event_type="org.invitation_sent",
            source="orgs",
            user=invited_by,
            org=org,
            data={"email": email, "role": role.key, "role_name": role.name},
        )
    return invitation, token


def _send_invitation_email(invitation: Invitation, token: str) -> None:
    link = settings.SITE_URL + reverse("orgs:invitation_accept", args=[token])
    context = {"invitation": invitation, "link": link}
    send_mail(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Join {invitation.org.name}",
        message=render_to_string("orgs/email/invitation.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[invitation.email],
    )


def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Join the invitation's organisation: the invitee is not a member yet, so the acceptance
    runs in that organisation's scope (the invitation, found by its token or the invitee's
    email, is the credential)."""
    with tenancy.org_scope(org=invitation.org, user=user), transaction.atomic():
        return _invitation_accept(invitation=invitation, user=user)


def _invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    if not invitation.is_open:
        raise ValidationError("This invitation has expired or was withdrawn.")
    if invitation.email.lower() != user.email.lower():
        raise ValidationError(
            f"This invitation was sent to {invitation.email}. "
            "Sign in with that address to accept it."
        )
    # The role is granted now, by the inviter: if they have since lost what it needs (or the
    # custom role was widened), the invitation no longer holds.
    inviter = invitation.invited_by and selectors.membership_acting(
        org=invitation.org, user=invitation.invited_by
    )
    role = invitation.role
    if not inviter or roles.grant_refusal(
        actor=inviter, permissions=role.permissions, role_key=role.key
    ):
        raise ValidationError(
            "This invitation is no longer valid: the person who sent it can no longer grant "
            f"the role {role.name}. Ask {invitation.org.name} for a new invitation."
        )
    membership, _ = Membership.objects.get_or_create(
        org=invitation.org,
        user=user,
        defaults={"role": invitation.role, "invited_by": invitation.invited_by},
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    org_switch(user=user, org=invitation.org)
    event_record(
        event_type="org.member_added",
        source="orgs",
        user=user,
        org=invitation.org,
        data={"role": membership.role.key, "via": "invitation"},
    )
    return membership


def invitation_revoke(*, invitation: Invitation) -> None:
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])


@transaction.atomic
def membership_change_role(*, membership: Membership, role: OrgRole, actor: User) -> Membership:
    """`actor` gives `membership` another role: only one they could grant, to someone not above
    them (`orgs.roles`); nobody raises their own role that way either."""
    if role.org_id != membership.org_id:
        raise ValidationError("Choose one of this organisation's roles.")
    if membership.user_id == membership.org.owner_id and role.key != SystemRole.OWNER:
        raise ValidationError("The owner's role cannot change. Transfer ownership first.")
    acting = _acting(org=membership.org, user=actor)
    roles.require_authority(actor=acting, target=membership)
    roles.require_grant(actor=acting, permissions=role.permissions, role_key=role.key)
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    event_record(
        event_type="org.member_role_changed",
        source="orgs",
        user=membership.user,
        org=membership.org,
        data={"role": role.key},
    )
    security_alert_raise(
        org=membership.org,
        alert_type=SecurityAlertType.ROLE_CHANGED,
        severity=AlertSeverity.MEDIUM,
        title=f"{membership.user.email} is now {role.name}",
        details={"role": role.key, "changed_by": actor.email},
        user=actor,
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor: User) -> None:
    if membership.user_id == membership.org.owner_id:
        raise ValidationError("The owner cannot be removed from the organisation.")
    roles.require_authority(actor=_acting(org=membership.org, user=actor), target=membership)
    user = membership.user
    membership.delete()
    event_record(event_type="org.member_removed", source="orgs", user=user, org=membership.org)
    if user.org_id == membership.org_id:
        user.org = None
        user.save(update_fields=["org"])


def api_key_create(
    *, org: Organization, name: str, scope: str, created_by: User
) -> tuple[ApiKey, str]:
    """Create a key; the raw key is returned once and never stored."""
    from orgs.api.auth import API_KEY_PREFIX, hash_api_key

    prefix = secrets.token_hex(4)
    raw = f"{API_KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32).replace('_', '-')}"
    key = ApiKey.objects.create(
        org=org,
        name=name.strip(),
        prefix=prefix,
        key_hash=hash_api_key(raw),
        scope=scope,
        created_by=created_by,
    )
    event_record(
        event_type="api_key.created",
        source="orgs",
        user=created_by,
        org=org,
        data={"prefix": prefix, "scope": scope},
    )
    security_alert_raise(
        org=org,
        alert_type=SecurityAlertType.API_KEY_CREATED,
        severity=AlertSeverity.MEDIUM,
        title=f"API key “{key.name}” created with {scope} access",
        details={"prefix": prefix, "scope": scope},
        user=created_by,
    )
    return key, raw


@transaction.atomic
def api_key_revoke(*, key: ApiKey, actor: User | None = None) -> ApiKey:
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        event_record(
            event_type="api_key.revoked", source="orgs", org=key.org, data={"prefix": key.prefix}
        )
        security_alert_raise(
            org=key.org,
            alert_type=SecurityAlertType.API_KEY_REVOKED,
            severity=AlertSeverity.LOW,
            title=f"API key “{key.name}” revoked",
            details={"prefix": key.prefix},
            user=actor,
        )
    return key


def _role_key(name: str) -> str:
    return "custom-" + (slugify(name)[:40] or "role")


@transaction.atomic
def role_create(*, org: Organization, name: str, permissions: list[str], actor: User) -> OrgRole:
    """A custom role holds only what its creator could grant (`orgs.roles`)."""
    roles.require_grant(
        actor=_acting(org=org, user=actor), permissions=permissions, field="permissions"
    )
    name = name.strip()
    if OrgRole.objects.filter(org=org, name__iexact=name).exists():
        raise ValidationError({"name": ["A role with this name already exists."]})
    key = _role_key(name)
    if OrgRole.objects.filter(org=org, key=key).exists():
        key = f"{key}-{secrets.token_hex(2)}"
    return OrgRole.objects.create(
        org=org, key=key, name=name, permissions=sorted(set(permissions)), is_system=False
    )


@transaction.atomic
def role_update(*, role: OrgRole, name: str, permissions: list[str], actor: User) -> OrgRole:
    """The editor must be able to grant the role as it was (its holders are not above them) and
    as it will be (the edit pushes nobody above them, the editor included)."""
    if role.is_system:
        raise ValidationError("The owner, admin, member and viewer roles cannot be changed.")
    acting = _acting(org=role.org, user=actor)
    saved = OrgRole.objects.select_for_update().filter(pk=role.pk).values_list("permissions")
    roles.require_grant(actor=acting, permissions=saved.get()[0], field="permissions")
    roles.require_grant(actor=acting, permissions=permissions, field="permissions")
    name = name.strip()
    if OrgRole.objects.filter(org=role.org, name__iexact=name).exclude(pk=role.pk).exists():
        raise ValidationError({"name": ["A role with this name already exists."]})
    role.name = name
    role.permissions = sorted(set(permissions))
    role.save(update_fields=["name", "permissions", "updated_at"])
    return role


@transaction.atomic
def role_delete(*, role: OrgRole, actor: User) -> None:
    if role.is_system:
        raise ValidationError("The owner, admin, member and viewer roles cannot be deleted.")
    roles.require_grant(
        actor=_acting(org=role.org, user=actor), permissions=role.permissions, field="permissions"
    )
    if role.memberships.exists():
        raise ValidationError("Members still have this role. Give them another role first.")
    role.delete()


@transaction.atomic
def security_alert_raise(
    *,
    org: Organization,
    alert_type: str,
    severity: str,
    title: str,
    details: dict | None = None,
    user: User | None = None,
    ip_address: str | None = None,
):
    """Record a security alert; the organisation's owner and admins hear of it (security.alert)."""
    alert = SecurityAlert.objects.create(
        org=org,
        user=user,
        alert_type=alert_type,
        severity=severity,
        title=title,
        details=details or {},
        ip_address=ip_address,
    )
    event_record(
        event_type="security.alert",
        source="orgs",
        user=user,
        org=org,
        data={
            "alert_id": str(alert.pk),
            "alert_type": alert_type,
            "severity": severity,
            "title": title,
            "link": reverse("orgs:security_alerts", args=[org.slug]),
        },
    )
    return alert


@transaction.atomic
def security_alert_acknowledge(*, alert: SecurityAlert, actor: User) -> SecurityAlert:
    """An admin has seen the alert: it leaves the open list; the update is audited (audit_log
    through the model's save) and recorded as an event. Acknowledging twice changes nothing."""
    if alert.resolved_at is not None:
        return alert
    alert.resolved_at = timezone.now()
    alert.resolved_by = actor
    alert.save(update_fields=["resolved_at", "resolved_by"])
    event_record(
        event_type="security.alert_acknowledged",
        source="orgs",
        user=actor,
        org=alert.org,
        data={"alert_id": str(alert.pk), "alert_type": alert.alert_type},
    )
    return alert
