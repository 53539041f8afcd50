"""Every API write: forbidden fields change nothing, and bad input answers 400, never 500."""

from __future__ import annotations

import json

import pytest

from accounts.models import User
from orgs import services
from orgs.models import ApiKey, Invitation, Membership, Organization, OrgRole

FORBIDDEN = {
    "org_id": "00000000-0000-0000-0000-000000000001",
    "owner_id": "00000000-0000-0000-0000-000000000002",
    "role": "super_admin",
    "is_staff": True,
    "is_superuser": True,
    "u_id": "00000000-0000-0000-0000-000000000003",
}


@pytest.fixture
def targets(alice, bob, acme, globex):
    member_role = OrgRole.objects.get(org=acme, key="member")
    invitation, _ = services.invitation_create(
        org=acme, email="inv@example.com", role=member_role, invited_by=alice
    )
    custom = services.role_create(org=acme, name="Analyst", permissions=["org.view"], actor=alice)
    return {
        "me": ("patch", "/api/v1/me/", {"title": "CFO"}),
        "org": ("patch", "/api/v1/orgs/acme/", {"name": "Acme Renamed"}),
        "member": (
            "patch",
            f"/api/v1/orgs/acme/members/{Membership.objects.get(org=acme, user=bob).pk}/",
            {"role": str(OrgRole.objects.get(org=acme, key="viewer").pk)},
        ),
        "role-create": ("post", "/api/v1/orgs/acme/roles/", {"name": "Ops", "permissions": []}),
        "role-update": ("patch", f"/api/v1/orgs/acme/roles/{custom.pk}/", {"name": "Lead"}),
        "invitation": (
            "post",
            "/api/v1/orgs/acme/invitations/",
            {"email": "new@example.com", "role": str(member_role.pk)},
        ),
        "api-key": ("post", "/api/v1/orgs/acme/api-keys/", {"name": "BI", "scope": "read"}),
        "_invitation": invitation,
    }


WRITE_ENDPOINTS = ["me", "org", "member", "role-create", "role-update", "invitation", "api-key"]


def _snapshot(acme) -> dict:
    return {
        "users": sorted(
            User.objects.values_list("u_id", "email", "role", "is_staff", "is_superuser", "org_id")
        ),
        "orgs": sorted(Organization.objects.values_list("id", "name", "slug", "owner_id")),
        "memberships": sorted(Membership.objects.values_list("id", "org_id", "user_id", "role_id")),
        "roles": sorted(OrgRole.objects.values_list("id", "org_id", "name", "is_system")),
        "invitations": sorted(Invitation.objects.values_list("id", "org_id", "email")),
        "keys": sorted(ApiKey.objects.values_list("id", "org_id", "created_by_id")),
    }


def _send(client, method, url, payload):
    return getattr(client, method)(url, json.dumps(payload), content_type="application/json")


@pytest.mark.parametrize("endpoint", WRITE_ENDPOINTS)
@pytest.mark.parametrize("field", sorted(FORBIDDEN))
@pytest.mark.django_db
def test_a_forbidden_field_is_refused_and_nothing_changes(
    client, alice, acme, targets, endpoint, field
):
    client.force_login(alice)
    method, url, valid = targets[endpoint]
    before = _snapshot(acme)

    response = _send(client, method, url, {**valid, field: FORBIDDEN[field]})

    if field in valid:  # `role` is a real field of members: a bad value is refused as invalid
        assert response.status_code == 400
    else:
        assert response.status_code == 400, response.content
        assert field in response.json()
    assert _snapshot(acme) == before


BAD_VALUES = {
    "wrong type": lambda payload: {key: {"nested": [1, 2]} for key in payload},
    "NUL byte": lambda payload: {key: "bad\x00value" for key in payload},
    "100 kB string": lambda payload: {key: "x" * 100_000 for key in payload},
    "foreign id": lambda payload: {key: "00000000-0000-0000-0000-0000000000ff" for key in payload},
    "null": lambda payload: {key: None for key in payload},
    "not an object": lambda payload: ["a", "list"],
}


@pytest.mark.parametrize("endpoint", WRITE_ENDPOINTS)
@pytest.mark.parametrize("kind", sorted(BAD_VALUES))
@pytest.mark.django_db
def test_bad_input_answers_400_with_field_errors_never_500(
    client, alice, acme, targets, endpoint, kind
):
    client.force_login(alice)
    method, url, valid = targets[endpoint]
    before = _snapshot(acme)

    response = _send(client, method, url, BAD_VALUES[kind](valid))

    if kind == "foreign id" and endpoint in ("me", "role-update", "org"):
        # Free-text fields accept any short string; what matters is no 500 and no leak.
        assert response.status_code in (200, 400)
        return
    assert response.status_code == 400, (endpoint, kind, response.content[:300])
    body = response.json()
    assert isinstance(body, dict) and body, body
    if kind != "not an object":
        assert set(body) & set(valid) or "non_field_errors" in body, body
    assert _snapshot(acme) == before


@pytest.mark.django_db
def test_a_malformed_json_body_answers_400(client, alice, acme):
    client.force_login(alice)
    response = client.patch("/api/v1/me/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()
