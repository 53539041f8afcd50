"""events' routes in the cross-tenant matrix (config/testing/isolation.py)."""

from config.testing.isolation import API_READ, Route, acme, acme_and, globex

ROUTES = [
    Route("api:event-list", kwargs=acme, get=API_READ, own_list_kwargs=globex),
    Route("api:event-detail", kwargs=acme_and("event", "pk"), get=API_READ),
    Route("api:audit-log-list", why_not_org_scoped="platform staff only (tested apart)"),
    Route("api:audit-log-detail", why_not_org_scoped="platform staff only (tested apart)"),
]
