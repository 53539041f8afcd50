"""events' routes through the cross-tenant matrix (config/testing/isolation.py): every route here
is outside any organisation and says why."""

from config.testing import isolation
from events.tests.isolation_routes import ROUTES


def test_every_listed_route_is_in_the_urlconf():
    assert isolation.unknown_routes(ROUTES) == []


def test_every_listed_route_is_either_org_scoped_or_says_why_not():
    for route in ROUTES:
        assert route.get or route.writes or route.why_not_org_scoped, route.key
