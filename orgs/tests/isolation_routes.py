"""orgs' routes in the cross-tenant matrix (config/testing/isolation.py)."""

from config.testing.isolation import (
    API_MANAGE,
    API_READ,
    PORTAL_MANAGE,
    PORTAL_OWNER_ONLY,
    PORTAL_POST_ONLY,
    PORTAL_READ,
    Route,
    acme,
    acme_and,
    globex,
)

ROUTES = [
    # Org-less pages.
    Route("orgs:create", why_not_org_scoped="creates a new org for the caller"),
    # Switching is org-addressed by a posted slug.
    Route("orgs:switch", writes=(("post", {"org_slug": "acme"}),)),
    Route("orgs:invitation_accept", why_not_org_scoped="the emailed token is the credential"),
    Route(
        "orgs:invitation_join",
        kwargs=lambda w: {"invitation_id": w.objects["invitation"].pk},
        writes=(("post", {}),),
    ),
    # Organisation pages.
    Route(
        "orgs:settings",
        kwargs=acme,
        get=PORTAL_READ,
        writes=(("post", {"name": "Pwned"}),),
        own_list_kwargs=globex,
    ),
    Route(
        "orgs:members",
        kwargs=acme,
        get=PORTAL_READ,
        writes=(("post", {"email": "x@evil.test", "role": ""}),),
        own_list_kwargs=globex,
    ),
    Route(
        "orgs:member_role",
        kwargs=acme_and("membership", "membership_id"),
        get=PORTAL_POST_ONLY,
        writes=(("post", {"role": ""}),),
    ),
    Route(
        "orgs:member_remove",
        kwargs=acme_and("membership", "membership_id"),
        get=PORTAL_POST_ONLY,
        writes=(("post", {}),),
    ),
    Route(
        "orgs:invitation_revoke",
        kwargs=acme_and("invitation", "invitation_id"),
        get=PORTAL_POST_ONLY,
        writes=(("post", {}),),
    ),
    Route(
        "orgs:api_keys",
        kwargs=acme,
        get=PORTAL_MANAGE,
        writes=(("post", {"name": "x", "scope": "read"}),),
        own_list_kwargs=globex,
    ),
    Route(
        "orgs:api_key_revoke",
        kwargs=acme_and("api_key", "key_id"),
        get=PORTAL_POST_ONLY,
        writes=(("post", {}),),
    ),
    Route("orgs:security_alerts", kwargs=acme, get=PORTAL_MANAGE, own_list_kwargs=globex),
    Route(
        "orgs:security_alert_acknowledge",
        kwargs=acme_and("security_alert", "alert_id"),
        get=PORTAL_POST_ONLY,
        writes=(("post", {}),),
    ),
    Route(
        "orgs:roles",
        kwargs=acme,
        get=PORTAL_READ,
        writes=(("post", {"name": "x", "permissions": ["org.view"]}),),
        own_list_kwargs=globex,
    ),
    Route(
        "orgs:role_edit",
        kwargs=acme_and("role", "role_id"),
        get=PORTAL_OWNER_ONLY,
        writes=(("post", {"delete": "1"}),),
    ),
    # API.
    Route("api:org-list", why_not_org_scoped="lists the caller's own organisations"),
    Route("api:org-detail", kwargs=acme, get=API_READ, writes=(("patch", {"name": "Pwned"}),)),
    Route("api:member-list", kwargs=acme, get=API_READ, own_list_kwargs=globex),
    Route(
        "api:member-detail",
        kwargs=acme_and("membership", "pk"),
        get=API_READ,
        writes=(("patch", {"role": ""}), ("delete", {})),
    ),
    Route(
        "api:role-list",
        kwargs=acme,
        get=API_READ,
        writes=(("post", {"name": "x", "permissions": []}),),
        own_list_kwargs=globex,
    ),
    Route(
        "api:role-detail",
        kwargs=acme_and("role", "pk"),
        get=API_READ,
        writes=(("patch", {"name": "y"}), ("delete", {})),
    ),
    Route(
        "api:invitation-list",
        kwargs=acme,
        get=API_MANAGE,
        writes=(("post", {"email": "x@evil.test"}),),
        own_list_kwargs=globex,
    ),
    Route(
        "api:invitation-detail",
        kwargs=acme_and("invitation", "pk"),
        get=API_MANAGE,
        writes=(("delete", {}),),
    ),
    Route(
        "api:api-key-list",
        kwargs=acme,
        get=API_MANAGE,
        writes=(("post", {"name": "x", "scope": "read"}),),
        own_list_kwargs=globex,
    ),
    Route(
        "api:api-key-detail",
        kwargs=acme_and("api_key", "pk"),
        get=API_MANAGE,
        writes=(("delete", {}),),
    ),
]
