from orgs import selectors


def current_organization(request) -> dict:
    """The org of the URL (None on org-less pages) and the user's orgs, for the navigation.

    The list of the user's orgs is the switcher's (a read across organisations, by name); nothing
    here decides access, and the last used org is never read.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    membership = getattr(request, "membership", None)
    return {
        "current_membership": membership if membership else None,
        "current_org": membership.org if membership else None,
        "user_memberships": lambda: selectors.memberships_for_user_unscoped(user=user),
    }
