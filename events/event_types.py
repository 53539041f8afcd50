"""Who may read which domain event: the one rule every list of an organisation's events obeys.

An event's payload can carry what a role may not otherwise read (an invitee's email, a private
score, the billing status, an API key's prefix), so each type names the organisation permission
that reading it takes; the permission is the one the same data takes elsewhere (the invitations
API takes org.manage_members, billing org.manage_billing, keys org.manage_api_keys, everybody's
results org.manage_members). Personal types are also readable by their subject (`Event.user`):
a member sees their own scored result, not a colleague's. A type missing here is readable only
with org.manage_settings (the owner): a new event type fails closed until it is added.
"""

from __future__ import annotations


class OrgPermission:
    """The values of orgs.models.OrgPermission that reading events takes, by value: events is
    below orgs and imports none of it (events/tests checks the two agree)."""

    VIEW = "org.view"
    MANAGE_MEMBERS = "org.manage_members"
    MANAGE_BILLING = "org.manage_billing"
    MANAGE_SETTINGS = "org.manage_settings"
    MANAGE_API_KEYS = "org.manage_api_keys"


# event type → permission needed to read it in the organisation's event list.
EVENT_READ_PERMISSION: dict[str, str] = {
    "org.created": OrgPermission.VIEW,
    "org.renamed": OrgPermission.VIEW,
    "org.member_added": OrgPermission.VIEW,  # members see each other (names, emails, roles)
    "org.member_role_changed": OrgPermission.VIEW,
    "org.member_removed": OrgPermission.VIEW,
    "org.invitation_sent": OrgPermission.MANAGE_MEMBERS,  # the invitee's email
    "security.alert": OrgPermission.MANAGE_MEMBERS,
    "api_key.created": OrgPermission.MANAGE_API_KEYS,
    "api_key.revoked": OrgPermission.MANAGE_API_KEYS,
    "subscription.changed": OrgPermission.MANAGE_BILLING,
    "trial.ending": OrgPermission.MANAGE_BILLING,
    "payment.failed": OrgPermission.MANAGE_BILLING,
    "user.signed_up": OrgPermission.MANAGE_MEMBERS,
    "assessment.scored": OrgPermission.MANAGE_MEMBERS,  # a private score
    "result.shared": OrgPermission.MANAGE_MEMBERS,
    "onboarding.submitted": OrgPermission.MANAGE_MEMBERS,
    "reassessment.due": OrgPermission.MANAGE_MEMBERS,
    "delegation.received": OrgPermission.MANAGE_MEMBERS,  # the delegate's email
    "delegation.reminder": OrgPermission.MANAGE_MEMBERS,
    "pulse.due": OrgPermission.MANAGE_MEMBERS,  # who was asked
    "trend.new": OrgPermission.VIEW,
}
# Types whose subject (the event's user) reads their own, whatever their role.
SUBJECT_MAY_READ = frozenset(
    {
        "user.signed_up",
        "assessment.scored",
        "result.shared",
        "onboarding.submitted",
        "reassessment.due",
        "delegation.received",
        "delegation.reminder",
    }
)
UNLISTED_READ_PERMISSION = OrgPermission.MANAGE_SETTINGS


def event_types_readable(membership) -> tuple[list[str], bool]:
    """(the listed types `membership` may read, whether it may read unlisted types)."""
    readable = [kind for kind, needed in EVENT_READ_PERMISSION.items() if membership.can(needed)]
    return readable, membership.can(UNLISTED_READ_PERMISSION)
