"""Shared fixtures: three personas (healthchecks' alice/bob/charlie) around two organisations."""

import pytest

# The browser journeys' fixtures (chromium, page, screenshot), for every app's tests/browser/.
pytest_plugins = ["config.testing.browser"]

# The isolation harness asserts in its own module: let pytest show the values it compared.
pytest.register_assert_rewrite("config.testing")

from accounts.tests.factories import UserFactory  # noqa: E402
from orgs.tests.factories import MembershipFactory, OrganizationFactory  # noqa: E402


@pytest.fixture
def alice(db):
    """Owner of Acme."""
    return UserFactory(first_name="Alice", last_name="Owner", email="alice@acme.test")


@pytest.fixture
def acme(alice):
    return OrganizationFactory(name="Acme", slug="acme", owner=alice)


@pytest.fixture
def bob(acme):
    """A member of Acme."""
    user = UserFactory(first_name="Bob", last_name="Member", email="bob@acme.test")
    MembershipFactory(org=acme, user=user, role_key="member")
    return user


@pytest.fixture
def charlie(db):
    """Owner of another organisation, Globex: an outsider to Acme."""
    user = UserFactory(first_name="Charlie", last_name="Outsider", email="charlie@globex.test")
    OrganizationFactory(name="Globex", slug="globex", owner=user)
    return user


@pytest.fixture
def globex(charlie):
    return charlie.owned_orgs.get()


@pytest.fixture
def staff(db):
    return UserFactory(
        first_name="Sam", last_name="Staff", email="staff@platform.test", role="super_admin"
    )


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth's rate limits live in the cache; a test must not inherit another's attempts."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _unscoped_test_body(request):
    """Test code reads and writes across organisations (factories, assertions): it runs inside
    `tenancy.unscoped()`, by name. The code under test opens its own scope at its entry point
    (a request through the middleware, an API call, a task, a command), exactly as in
    production. A test marked `tenancy` runs outside any scope, to prove the managers refuse.
    """
    from config import tenancy

    if request.node.get_closest_marker("tenancy"):
        yield
        return
    with tenancy.unscoped():
        yield
