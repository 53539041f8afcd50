import re
import subprocess

import pytest
from django.urls import reverse

from orgs.models import ApiKey

MEMBERS_API = "/api/v1/orgs/{slug}/members/"


def _create_key_in_portal(client, org_slug="acme", scope="read", name="CRM sync") -> str:
    response = client.post(
        reverse("orgs:api_keys", args=[org_slug]), {"name": name, "scope": scope}
    )
    assert response.status_code == 200
    return re.search(r'data-testid="new-api-key">([^<]+)<', response.content.decode()).group(1)


@pytest.mark.django_db
def test_an_org_admin_creates_a_key_shown_once_and_stored_only_as_a_hash(client, alice, acme):
    client.force_login(alice)

    raw = _create_key_in_portal(client)

    key = ApiKey.objects.get(org=acme)
    assert raw.startswith(f"gp_{key.prefix}_")
    assert raw not in key.key_hash and len(key.key_hash) == 64
    listing = client.get(reverse("orgs:api_keys", args=["acme"])).content.decode()
    assert raw not in listing and f"gp_{key.prefix}_" in listing and "Never" in listing


@pytest.mark.django_db
def test_a_key_lists_its_orgs_members_and_records_when_it_was_used(client, alice, bob, acme):
    client.force_login(alice)
    raw = _create_key_in_portal(client)
    client.logout()

    response = client.get(MEMBERS_API.format(slug="acme"), HTTP_AUTHORIZATION=f"Api-Key {raw}")

    assert response.status_code == 200
    emails = {row["user"]["email"] for row in response.json()["results"]}
    assert emails == {"alice@acme.test", "bob@acme.test"}
    assert ApiKey.objects.get().last_used_at is not None
    listing_page = client.get(MEMBERS_API.format(slug="acme"), HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert listing_page.status_code == 200


@pytest.mark.django_db
def test_a_key_never_reaches_another_org(client, alice, acme, globex):
    client.force_login(alice)
    raw = _create_key_in_portal(client)
    client.logout()

    response = client.get(MEMBERS_API.format(slug="globex"), HTTP_AUTHORIZATION=f"Api-Key {raw}")
    assert response.status_code == 404
    orgs = client.get("/api/v1/orgs/", HTTP_AUTHORIZATION=f"Api-Key {raw}").json()["results"]
    assert [org["slug"] for org in orgs] == ["acme"]


@pytest.mark.django_db
def test_a_read_only_key_cannot_write(client, alice, bob, acme):
    client.force_login(alice)
    raw = _create_key_in_portal(client, scope="read")
    client.logout()
    membership = acme.memberships.get(user=bob)

    response = client.delete(
        MEMBERS_API.format(slug="acme") + f"{membership.pk}/", HTTP_AUTHORIZATION=f"Api-Key {raw}"
    )

    assert response.status_code == 403
    assert acme.memberships.filter(pk=membership.pk).exists()


@pytest.mark.django_db
def test_a_revoked_or_forged_key_is_refused(client, alice, acme):
    client.force_login(alice)
    raw = _create_key_in_portal(client)
    key = ApiKey.objects.get()
    forged = raw[:-4] + "AAAA"
    client.post(reverse("orgs:api_key_revoke", args=["acme", key.pk]))
    client.logout()

    for candidate in (raw, forged, "gp_nope_nope", "garbage"):
        response = client.get(
            MEMBERS_API.format(slug="acme"), HTTP_AUTHORIZATION=f"Api-Key {candidate}"
        )
        assert response.status_code == 401, candidate
        assert "detail" in response.json()


@pytest.mark.django_db
def test_a_key_stops_working_when_its_creator_leaves_the_org(client, alice, bob, acme):
    from orgs.models import OrgRole

    admin_role = OrgRole.objects.get(org=acme, key="admin")
    acme.memberships.filter(user=bob).update(role=admin_role)
    client.force_login(bob)
    raw = _create_key_in_portal(client)
    acme.memberships.filter(user=bob).delete()
    client.logout()

    response = client.get(MEMBERS_API.format(slug="acme"), HTTP_AUTHORIZATION=f"Api-Key {raw}")
    assert response.status_code == 401


@pytest.mark.django_db
def test_members_and_viewers_cannot_manage_api_keys(client, bob, acme):
    client.force_login(bob)
    assert client.get(reverse("orgs:api_keys", args=["acme"])).status_code == 403
    assert (
        client.post(
            reverse("orgs:api_keys", args=["acme"]), {"name": "x", "scope": "read"}
        ).status_code
        == 403
    )
    assert not ApiKey.objects.exists()


@pytest.mark.django_db
def test_a_bad_key_form_shows_field_errors(client, alice, acme):
    client.force_login(alice)
    response = client.post(reverse("orgs:api_keys", args=["acme"]), {"name": "", "scope": "root"})
    assert response.status_code == 400
    assert {"name", "scope"} <= set(response.context["form"].errors)


@pytest.mark.django_db(transaction=True)
def test_an_integrator_lists_members_with_curl(client, alice, bob, acme, live_server):
    client.force_login(alice)
    raw = _create_key_in_portal(client)

    result = subprocess.run(
        [
            "curl",
            "-sS",
            "--fail-with-body",
            "-H",
            f"Authorization: Api-Key {raw}",
            f"{live_server.url}/api/v1/orgs/acme/members/",
        ],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )

    assert result.returncode == 0, result.stderr + result.stdout
    assert '"email":"bob@acme.test"' in result.stdout.replace(" ", "")
