from __future__ import annotations

from accounts.models import User
from orgs.models import Membership, OrgPermission
from orgs.selectors import invitations_open_for_org, members_for_org


def dashboard_overview(*, user: User, membership: Membership) -> dict:
    org = membership.org
    member_count = members_for_org(org=org).count()
    pending = invitations_open_for_org(org=org).count()
    profile_done = all([user.first_name, user.last_name, user.title, user.company, user.industry])
    checklist = [
        {"label": "Complete your profile", "done": profile_done, "url_name": "accounts:profile"},
        {
            "label": "Invite your team",
            "done": member_count > 1 or pending > 0,
            "url_name": "orgs:members",
            "org_url": True,
        },
    ]
    return {
        "org": org,
        "membership": membership,
        "member_count": member_count,
        "pending_invitations": pending,
        "checklist": checklist,
        "can_manage_members": membership.can(OrgPermission.MANAGE_MEMBERS),
    }
