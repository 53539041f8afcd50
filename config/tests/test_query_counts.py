"""Pages and API lists run a constant number of queries whatever the data size."""

import pytest

from accounts.tests.factories import UserFactory
from orgs import services
from orgs.models import OrgRole
from orgs.tests.factories import MembershipFactory

URLS = [
    "/api/v1/orgs/acme/members/",
    "/api/v1/orgs/acme/roles/",
    "/api/v1/orgs/acme/invitations/",
    "/api/v1/orgs/acme/api-keys/",
    "/api/v1/orgs/acme/events/",
    "/api/v1/orgs/",
    "/api/v1/audit-log/",
    "/orgs/acme/members/",
    "/orgs/acme/roles/",
    "/orgs/acme/api-keys/",
    "/dashboard/acme/",  # the dashboard lives under its organisation
    "/orgs/acme/security/",  # each API key created raises a security alert
    "/intelligence/acme/",
    "/api/v1/orgs/acme/intelligence/items/",
    "/api/v1/orgs/acme/intelligence/follows/",
]


def _grow(acme, owner, n):
    member = OrgRole.objects.get(org=acme, key="member")
    for i in range(n):
        MembershipFactory(org=acme, user=UserFactory())
        services.invitation_create(
            org=acme, email=f"grow{i}-{n}@x.test", role=member, invited_by=owner
        )
        services.api_key_create(org=acme, name=f"k{i}-{n}", scope="read", created_by=owner)
        services.role_create(org=acme, name=f"Role {i}-{n}", permissions=["org.view"], actor=owner)


@pytest.mark.slow  # grows the organisation by 26 rows of four kinds: 1-3 s a case
@pytest.mark.parametrize("url", URLS)
@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_the_data(
    client, alice, acme, url, django_assert_max_num_queries
):
    alice.role = "super_admin"  # the audit-log list is staff-only
    alice.save()
    client.force_login(alice)
    _grow(acme, alice, 1)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(acme, alice, 25)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) <= len(small), (url, len(small), len(large))
