import pytest
from django.urls import reverse

from orgs.models import Membership, OrgRole


@pytest.mark.django_db
def test_the_owner_defines_a_custom_role_and_assigns_it(client, alice, bob, acme):
    client.force_login(alice)

    response = client.post(
        reverse("orgs:roles", args=["acme"]),
        {"name": "Analyst", "permissions": ["org.view", "org.edit"]},
    )

    assert response.status_code == 302
    role = OrgRole.objects.get(org=acme, name="Analyst")
    assert role.permissions == ["org.edit", "org.view"] and not role.is_system
    membership = Membership.objects.get(org=acme, user=bob)
    client.post(reverse("orgs:member_role", args=["acme", membership.pk]), {"role": role.pk})
    membership.refresh_from_db()
    assert membership.role == role
    assert membership.can("org.edit") and not membership.can("org.manage_members")


@pytest.mark.django_db
def test_a_custom_role_is_edited_and_deleted_only_when_unused(client, alice, bob, acme):
    client.force_login(alice)
    client.post(
        reverse("orgs:roles", args=["acme"]), {"name": "Analyst", "permissions": ["org.view"]}
    )
    role = OrgRole.objects.get(org=acme, name="Analyst")
    url = reverse("orgs:role_edit", args=["acme", role.pk])

    client.post(url, {"name": "Senior analyst", "permissions": ["org.view", "org.edit"]})
    role.refresh_from_db()
    assert role.name == "Senior analyst" and "org.edit" in role.permissions

    Membership.objects.filter(org=acme, user=bob).update(role=role)
    client.post(url, {"delete": "1"})
    assert OrgRole.objects.filter(pk=role.pk).exists()
    Membership.objects.filter(org=acme, user=bob).update(
        role=OrgRole.objects.get(org=acme, key="member")
    )
    client.post(url, {"delete": "1"})
    assert not OrgRole.objects.filter(pk=role.pk).exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "", "permissions": ["org.view"]}, "name"),
        ({"name": "Admin", "permissions": ["org.view"]}, "name"),
        ({"name": "Hacker", "permissions": ["org.root"]}, "permissions"),
    ],
)
@pytest.mark.django_db
def test_bad_role_input_gets_a_field_error(client, alice, acme, data, field):
    client.force_login(alice)
    before = OrgRole.objects.filter(org=acme).count()
    response = client.post(reverse("orgs:roles", args=["acme"]), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert OrgRole.objects.filter(org=acme).count() == before


@pytest.mark.django_db
def test_built_in_roles_cannot_be_edited(client, alice, acme):
    client.force_login(alice)
    member = OrgRole.objects.get(org=acme, key="member")
    assert client.get(reverse("orgs:role_edit", args=["acme", member.pk])).status_code == 404


@pytest.mark.django_db
def test_members_see_roles_but_cannot_create_them(client, bob, acme):
    client.force_login(bob)
    assert client.get(reverse("orgs:roles", args=["acme"])).status_code == 200
    response = client.post(reverse("orgs:roles", args=["acme"]), {"name": "X", "permissions": []})
    assert response.status_code == 403
