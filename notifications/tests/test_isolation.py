"""notifications' routes through the cross-tenant matrix (config/testing/isolation.py): each
persona gets the expected answer, Acme's rows stay out of the outsider's own lists."""

import pytest

from config.testing import isolation
from notifications.tests.isolation_routes import ROUTES

# The harness's fixtures: the world is built once for this module.
_module_world = isolation._module_world
world = isolation.world


@pytest.mark.parametrize(("route", "persona"), isolation.get_cases(ROUTES))
def test_each_persona_gets_the_expected_answer(client, world, route, persona):
    isolation.check_get(client, world, route, persona)


@pytest.mark.parametrize("route", isolation.list_cases(ROUTES))
def test_acmes_rows_never_appear_in_an_outsiders_own_lists(client, world, route):
    isolation.check_own_list(client, world, route)


def test_every_listed_route_is_in_the_urlconf():
    assert isolation.unknown_routes(ROUTES) == []


def test_every_listed_route_is_either_org_scoped_or_says_why_not():
    for route in ROUTES:
        assert route.get or route.writes or route.why_not_org_scoped, route.key
