"""billing's routes in the cross-tenant matrix (config/testing/isolation.py)."""

from config.testing.isolation import PORTAL_POST_ONLY, PORTAL_READ, Route, acme, globex

ROUTES = [
    Route(
        "billing:stripe_webhook", why_not_org_scoped="Stripe's webhook: the signature is the key"
    ),
    Route("billing:index", kwargs=acme, get=PORTAL_READ, own_list_kwargs=globex),
    Route(
        "billing:checkout",
        kwargs=acme,
        get=PORTAL_POST_ONLY,
        writes=(("post", {"plan": "Growth", "cycle": "monthly"}),),
    ),
    Route("billing:portal", kwargs=acme, get=PORTAL_POST_ONLY, writes=(("post", {}),)),
]
