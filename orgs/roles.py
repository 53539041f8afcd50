"""Who may grant what inside an organisation: the one rule every path goes through.

A member changing a role, inviting someone, or creating, editing or deleting a custom role acts
through a service in `orgs.services`, and each of those asks this module first (portal, API and
any later path alike). The rule:

- nobody grants a permission they do not hold themselves (to others, to themselves, through a
  custom role or an invitation);
- owner-only permissions (`OWNER_ONLY_PERMISSIONS`) are granted by the owner alone, and
  ownership itself is never granted (platform support transfers it);
- nobody changes or removes a member whose role they could not have granted (the owner holds
  every permission), so an admin cannot demote or remove the owner or a member above them.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError

from orgs.models import Membership, OrgPermission, SystemRole

# Renaming the organisation, its settings and its custom roles decide what everyone else may do;
# only the owner hands that on.
OWNER_ONLY_PERMISSIONS = frozenset({OrgPermission.MANAGE_SETTINGS.value})


def is_owner(membership: Membership) -> bool:
    return membership.user_id == membership.org.owner_id


def permissions_of(membership: Membership) -> frozenset[str]:
    return frozenset(membership.role.permissions)


def _labels(permissions: Iterable[str]) -> str:
    return ", ".join(OrgPermission(p).label.lower() for p in sorted(permissions))


def grant_refusal(
    *, actor: Membership, permissions: Iterable[str], role_key: str = ""
) -> str | None:
    """Why `actor` may not grant a role with these permissions, or None when they may."""
    if role_key == SystemRole.OWNER:
        return "Ownership is never granted: platform support transfers it at the owner's request."
    wanted = frozenset(permissions)
    missing = wanted - permissions_of(actor)
    if missing:
        return f"You cannot grant permissions you do not hold yourself ({_labels(missing)})."
    owner_only = wanted & OWNER_ONLY_PERMISSIONS
    if owner_only and not is_owner(actor):
        return f"Only the owner can grant {_labels(owner_only)}."
    return None


def authority_refusal(*, actor: Membership, target: Membership) -> str | None:
    """Why `actor` may not change or remove `target`, or None when they may."""
    if target.org_id != actor.org_id:
        return "That person is not a member of this organisation."
    if target.user_id == actor.org.owner_id:
        return "The owner's role cannot change and the owner cannot be removed."
    # Whoever could not have granted the target's role may not take it away either.
    if grant_refusal(actor=actor, permissions=permissions_of(target)):
        return (
            f"{target.user} holds permissions you could not grant, "
            "so you cannot change or remove them."
        )
    return None


def require_grant(
    *, actor: Membership, permissions: Iterable[str], role_key: str = "", field: str = "role"
) -> None:
    refusal = grant_refusal(actor=actor, permissions=permissions, role_key=role_key)
    if refusal:
        raise ValidationError({field: [refusal]})


def require_authority(*, actor: Membership, target: Membership) -> None:
    refusal = authority_refusal(actor=actor, target=target)
    if refusal:
        raise ValidationError(refusal)
