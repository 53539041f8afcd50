"""notifications' routes in the cross-tenant matrix (config/testing/isolation.py)."""

from config.testing.isolation import Route

ROUTES = [
    Route("notifications:index", why_not_org_scoped="the caller's own notifications"),
    Route("notifications:mark_read", why_not_org_scoped="the caller's own notification"),
    Route("notifications:mark_all_read", why_not_org_scoped="the caller's own notifications"),
    Route("api:notification-list", why_not_org_scoped="the caller's own notifications"),
    Route("api:notification-detail", why_not_org_scoped="the caller's own notification"),
    Route("api:notification-read", why_not_org_scoped="the caller's own notification"),
    Route("api:notification-read-all", why_not_org_scoped="the caller's own notifications"),
    Route("api:notification-unread-count", why_not_org_scoped="the caller's own notifications"),
]
