"""A GET never writes (issue 11): every portal page and API read, for every signed-in persona.

The walk reuses the isolation matrix's world and routes (test_isolation_matrix.py here), so a
new page joins this test as soon as it joins the matrix. Sessions live in the database, so the
session row may be saved (a message read, the remembered organisation); nothing else may be:
no business table, no audit_log row.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from config.tests.test_isolation_matrix import ROUTES, build_world

WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
ALLOWED_TABLES = {"django_session"}


def _writes(queries) -> list[str]:
    found = []
    for query in queries:
        match = WRITE.match(query["sql"])
        if match and match.group(2) not in ALLOWED_TABLES:
            found.append(query["sql"][:160])
    return found


def _urls(world):
    """Every GET route of the matrix with Acme's objects, and every route without arguments."""
    for name, route in ROUTES.items():
        if route.get:
            yield name, reverse(name, args=route.args(world))
        else:
            try:
                yield name, reverse(name)
            except NoReverseMatch:  # needs arguments: a write, or tested with its object
                continue


def _walk(client, world):
    """Yields (route name, status, write statements) for each GET."""
    for name, url in _urls(world):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        yield name, response.status_code, _writes(queries.captured_queries)


@pytest.mark.parametrize("persona", ["viewer", "member", "admin", "outsider", "staff"])
@pytest.mark.django_db
def test_no_get_route_writes_anything_for_any_persona(client, persona):
    world = build_world()
    client.force_login(world.users[persona])

    walked = list(_walk(client, world))

    written = {name: sql for name, _status, sql in walked if sql}
    assert written == {}, f"GET wrote as {persona}: {written}"
    visited = {name for name, _status, _sql in walked}
    assert {"orgs:members", "dashboards:home", "accounts:profile", "api:me"} <= visited


@pytest.mark.django_db
def test_the_last_organisation_is_remembered_without_a_write_and_never_for_another_orgs_url(
    client,
):
    world = build_world()
    member = world.users["member"]
    client.force_login(member)
    assert client.get(reverse("orgs:members", args=[world.acme.slug])).status_code == 200
    outsider_client = type(client)()
    outsider_client.force_login(world.users["outsider"])

    refused = outsider_client.get(reverse("orgs:members", args=[world.acme.slug]))
    home = outsider_client.get(reverse("dashboards:home"))

    member.refresh_from_db()
    assert member.org_id is None  # remembered in the session, not written on a GET
    assert client.session["orgs.last_org_id"] == str(world.acme.pk)
    assert refused.status_code == 404
    assert "orgs.last_org_id" not in outsider_client.session
    # /dashboard/ redirects to the outsider's own org's dashboard (the dashboard moved there).
    assert home.status_code == 302 and world.acme.slug not in home.url
    page = outsider_client.get(home.url)
    assert page.status_code == 200 and "Acme" not in page.content.decode()
