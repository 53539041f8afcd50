"""config's routes in the cross-tenant matrix (config/testing/isolation.py)."""

from config.testing.isolation import Route

ROUTES = [
    Route("landing", why_not_org_scoped="public landing page"),
    Route("health", why_not_org_scoped="health check, no data"),
    Route("api-schema", why_not_org_scoped="OpenAPI schema, no data"),
    Route("api-docs", why_not_org_scoped="API documentation, no data"),
]
