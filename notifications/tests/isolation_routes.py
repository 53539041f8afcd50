"""notifications' routes in the cross-tenant matrix (config/testing/isolation.py)."""

from config.testing.isolation import API_READ, Route, acme, acme_and, globex

ROUTES = [
    Route("notifications:index", why_not_org_scoped="the caller's own notifications"),
    Route("notifications:mark_read", why_not_org_scoped="the caller's own notification"),
    Route("notifications:mark_all_read", why_not_org_scoped="the caller's own notifications"),
    Route("api:notification-list", why_not_org_scoped="the caller's own notifications"),
    Route("api:notification-detail", why_not_org_scoped="the caller's own notification"),
    Route("api:notification-read", why_not_org_scoped="the caller's own notification"),
    Route("api:notification-read-all", why_not_org_scoped="the caller's own notifications"),
    Route("api:notification-unread-count", why_not_org_scoped="the caller's own notifications"),
    # The organisation's domain events (the events app's rows, listed by notifications' API).
    Route("api:event-list", kwargs=acme, get=API_READ, own_list_kwargs=globex),
    Route("api:event-detail", kwargs=acme_and("event", "pk"), get=API_READ),
]
