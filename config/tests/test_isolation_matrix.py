"""The cross-tenant matrix as a whole: every route of the URLconf is in some app's route list.

The harness (the world, the checks) is `config/testing/isolation.py`; each app lists its routes
in `<app>/tests/isolation_routes.py` and runs them in `<app>/tests/test_isolation.py`. This module
fails when a route exists that no list covers, so a new endpoint must join the matrix; and it
re-exports the collected routes and the world for the walks that reuse them
(test_bad_input_corpus.py, test_api_hardening.py and test_get_never_writes.py, beside it).
"""

from __future__ import annotations

import re

from config.testing import isolation
from config.testing.isolation import (  # noqa: F401 - re-exported for the walks above
    EXEMPT_PREFIXES,
    PERSONAS,
    Route,
    World,
    build_world,
)
from config.testing.isolation import fingerprint as _fingerprint  # noqa: F401
from config.testing.isolation import urlconf_routes as _all_routes

ALL_ROUTES = isolation.all_routes()
# By URL name, one route each (an old URL kept only to redirect is left out).
ROUTES: dict[str, Route] = isolation.by_name(ALL_ROUTES)


def test_every_route_is_in_the_matrix():
    missing = isolation.unlisted_routes(ALL_ROUTES)
    assert missing == [], f"add these routes to <app>/tests/isolation_routes.py: {missing}"


def test_every_listed_route_is_in_the_urlconf():
    assert isolation.unknown_routes(list(ALL_ROUTES.values())) == []


def test_every_route_is_either_org_scoped_or_says_why_not():
    for key, route in ALL_ROUTES.items():
        assert route.get or route.writes or route.why_not_org_scoped, key


def test_a_routes_arguments_are_listed_in_the_urls_order():
    """The walks reverse with `route.args(world)`: positional, so the kwargs' order matters."""
    for path, name in _all_routes():
        route = ROUTES.get(name)
        if route is None:
            continue
        params = _path_parameters(path)
        listed = list(route.kwargs(_KEYS_ONLY).keys())
        if listed and len(listed) == len(params):
            assert listed == params, (name, listed, params)


class _Anything:
    """A stand-in world whose every attribute and item is itself: kwargs() gives its keys."""

    pk = slug = "x"

    def __getattr__(self, name):
        return self

    def __getitem__(self, key):
        return self


_KEYS_ONLY = _Anything()


def _path_parameters(path: str) -> list[str]:
    """The names of a path's arguments in order: `<slug:org_slug>` and `(?P<pk>...)` alike."""
    return [a or b for a, b in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", path)]
