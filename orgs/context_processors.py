from notifications.selectors import unread_count
from orgs import selectors


def current_organization(request) -> dict:
    """The current org and the user's other orgs, for the navigation's switcher."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    membership = getattr(request, "membership", None)
    return {
        "current_membership": membership if membership else None,
        "current_org": membership.org if membership else None,
        "user_memberships": lambda: list(selectors.memberships_for_user(user=user)),
        "unread_notifications": lambda: unread_count(user=user),
    }
