"""accounts' routes in the cross-tenant matrix (config/testing/isolation.py)."""

from config.testing.isolation import Route

ROUTES = [
    Route("accounts:profile", why_not_org_scoped="the caller's own profile"),
    Route("accounts:profile_picture", why_not_org_scoped="the caller's own picture"),
    Route("api:me", why_not_org_scoped="the caller's own profile"),
]
