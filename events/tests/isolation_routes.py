"""events' routes in the cross-tenant matrix (config/testing/isolation.py). The organisation's
event list is served by notifications' API (notifications/tests/isolation_routes.py)."""

from config.testing.isolation import Route

ROUTES = [
    Route("api:audit-log-list", why_not_org_scoped="platform staff only (tested apart)"),
    Route("api:audit-log-detail", why_not_org_scoped="platform staff only (tested apart)"),
]
