"""intelligence's routes in the cross-tenant matrix (config/testing/isolation.py).

Feed items are global; what is the user's own (follows) never shows in another user's page,
and an outsider gets 404 for every one of Acme's intelligence URLs."""

from config.testing.isolation import (
    API_READ,
    PORTAL_POST_ONLY,
    PORTAL_READ,
    Route,
    acme,
    acme_and,
    globex,
)

ROUTES = [
    Route("intelligence:index", kwargs=acme, get=PORTAL_READ, own_list_kwargs=globex),
    Route("intelligence:items", kwargs=acme, get=PORTAL_READ, own_list_kwargs=globex),
    Route(
        "intelligence:follow",
        kwargs=acme,
        get=PORTAL_POST_ONLY,
        writes=(("post", {"kind": "industry", "name": "Retail", "follow": "on"}),),
    ),
    Route("intelligence:whats_new", kwargs=acme, get=PORTAL_READ, writes=(("post", {}),)),
    Route("api:intelligence-item-list", kwargs=acme, get=API_READ, own_list_kwargs=globex),
    Route(
        "api:intelligence-follow-list",
        kwargs=acme,
        get=API_READ,
        writes=(("post", {"kind": "industry", "name": "Finance"}),),
        own_list_kwargs=globex,
    ),
    Route(
        "api:intelligence-follow-detail",
        kwargs=acme_and("follow", "pk"),
        writes=(("delete", {}),),
    ),
]
