import pytest

from orgs.models import Invitation, Membership, OrgRole


@pytest.fixture
def api(client):
    return client


@pytest.mark.django_db
def test_me_returns_and_updates_the_callers_profile(api, alice):
    api.force_login(alice)
    me = api.get("/api/v1/me/").json()
    assert me["email"] == "alice@acme.test" and me["role"] == "user"

    response = api.patch(
        "/api/v1/me/", {"title": "CFO", "industry": "saas"}, content_type="application/json"
    )
    assert response.status_code == 200
    alice.refresh_from_db()
    assert (alice.title, alice.industry) == ("CFO", "saas")


@pytest.mark.django_db
def test_me_requires_authentication(api):
    response = api.get("/api/v1/me/")
    assert response.status_code in (401, 403)
    assert "detail" in response.json()


@pytest.mark.django_db
def test_me_rejects_bad_values_with_field_errors(api, alice):
    api.force_login(alice)
    response = api.patch(
        "/api/v1/me/",
        {
            "industry": "alchemy",
            "timezone": "Mars/Base",
            "first_name": "x" * 100_000,
            "phone": "call me",
            "title": "bad\x00byte",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert {"industry", "timezone", "first_name", "phone", "title"} <= set(response.json())
    alice.refresh_from_db()
    assert alice.industry == ""


@pytest.mark.django_db
def test_orgs_lists_only_the_callers_organisations(api, alice, acme, globex):
    api.force_login(alice)
    slugs = [org["slug"] for org in api.get("/api/v1/orgs/").json()["results"]]
    assert slugs == ["acme"]
    assert api.get("/api/v1/orgs/globex/").status_code == 404


@pytest.mark.django_db
def test_the_owner_renames_the_org_through_the_api_but_a_member_cannot(api, alice, bob, acme):
    api.force_login(bob)
    denied = api.patch("/api/v1/orgs/acme/", {"name": "Bob Co"}, content_type="application/json")
    assert denied.status_code == 403
    api.force_login(alice)
    ok = api.patch("/api/v1/orgs/acme/", {"name": "Acme Two"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["slug"] == "acme"
    acme.refresh_from_db()
    assert acme.name == "Acme Two"


@pytest.mark.django_db
def test_members_are_listed_filtered_and_ordered(api, alice, bob, acme):
    api.force_login(alice)
    body = api.get("/api/v1/orgs/acme/members/", {"ordering": "-user__email"}).json()
    assert [row["user"]["email"] for row in body["results"]] == ["bob@acme.test", "alice@acme.test"]
    assert len(body["results"]) == 2 and "count" not in body
    owners = api.get("/api/v1/orgs/acme/members/", {"role__key": "owner"}).json()
    assert [row["user"]["email"] for row in owners["results"]] == ["alice@acme.test"]


@pytest.mark.django_db
def test_an_admin_changes_a_role_and_removes_a_member(api, alice, bob, acme):
    api.force_login(alice)
    membership = Membership.objects.get(org=acme, user=bob)
    viewer = OrgRole.objects.get(org=acme, key="viewer")
    url = f"/api/v1/orgs/acme/members/{membership.pk}/"

    response = api.patch(url, {"role": str(viewer.pk)}, content_type="application/json")
    assert response.status_code == 200 and response.json()["role_name"] == "Viewer"
    assert api.delete(url).status_code == 204
    assert not Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.django_db
def test_a_role_from_another_org_is_refused(api, alice, bob, acme, globex):
    api.force_login(alice)
    membership = Membership.objects.get(org=acme, user=bob)
    foreign = OrgRole.objects.get(org=globex, key="admin")
    response = api.patch(
        f"/api/v1/orgs/acme/members/{membership.pk}/",
        {"role": str(foreign.pk)},
        content_type="application/json",
    )
    assert response.status_code == 400 and "role" in response.json()


@pytest.mark.django_db
def test_the_owner_cannot_be_removed_through_the_api(api, alice, acme):
    api.force_login(alice)
    membership = Membership.objects.get(org=acme, user=alice)
    response = api.delete(f"/api/v1/orgs/acme/members/{membership.pk}/")
    assert response.status_code == 400
    assert Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.django_db
def test_custom_roles_through_the_api(api, alice, acme):
    api.force_login(alice)
    created = api.post(
        "/api/v1/orgs/acme/roles/",
        {"name": "Analyst", "permissions": ["org.view"]},
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    role_id = created.json()["id"]
    bad = api.post(
        "/api/v1/orgs/acme/roles/",
        {"name": "Bad", "permissions": ["org.root"]},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "permissions" in bad.json()
    system = OrgRole.objects.get(org=acme, key="member")
    assert api.delete(f"/api/v1/orgs/acme/roles/{system.pk}/").status_code == 400
    assert api.delete(f"/api/v1/orgs/acme/roles/{role_id}/").status_code == 204


@pytest.mark.django_db
def test_invitations_through_the_api(api, alice, acme, django_capture_on_commit_callbacks):
    from django.core import mail

    api.force_login(alice)
    member_role = OrgRole.objects.get(org=acme, key="member")
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/api/v1/orgs/acme/invitations/",
            {"email": "new@example.com", "role": str(member_role.pk)},
            content_type="application/json",
        )
    assert response.status_code == 201, response.json()
    assert mail.outbox[-1].to == ["new@example.com"]
    invitation = Invitation.objects.get()
    assert api.delete(f"/api/v1/orgs/acme/invitations/{invitation.pk}/").status_code == 204
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


@pytest.mark.django_db
def test_api_keys_through_the_api(api, alice, bob, acme):
    api.force_login(alice)
    created = api.post(
        "/api/v1/orgs/acme/api-keys/",
        {"name": "BI", "scope": "read_write"},
        content_type="application/json",
    )
    assert created.status_code == 201
    raw = created.json()["key"]
    listed = api.get("/api/v1/orgs/acme/api-keys/").json()["results"]
    assert "key" not in listed[0] and listed[0]["prefix"] in raw
    api.force_login(bob)
    assert api.get("/api/v1/orgs/acme/api-keys/").status_code == 403


@pytest.mark.django_db
def test_staff_read_any_org_but_cannot_write_it(api, staff, acme, bob):
    api.force_login(staff)
    assert api.get("/api/v1/orgs/acme/members/").status_code == 200
    membership = Membership.objects.get(org=acme, user=bob)
    response = api.delete(f"/api/v1/orgs/acme/members/{membership.pk}/")
    assert response.status_code == 403


@pytest.mark.django_db
def test_the_openapi_schema_and_docs_render(api, alice):
    schema = api.get("/api/schema/")
    assert schema.status_code == 200
    text = schema.content.decode()
    assert "/api/v1/orgs/{org_slug}/members/" in text and "ApiKey" in text
    docs = api.get("/api/docs/")
    assert docs.status_code == 200
    assert "swagger-ui" in docs.content.decode()
    assert "cdn" not in docs.content.decode().lower()


@pytest.mark.django_db
def test_unknown_api_routes_answer_json_404(api, alice):
    api.force_login(alice)
    response = api.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
