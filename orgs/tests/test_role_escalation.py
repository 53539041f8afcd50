"""Nobody grants more than they hold (issue 11): portal, API, invitations and custom roles.

Acme's cast: Alice owns it; Adam is an admin; Bob a member; Paula holds "People lead" (view,
edit and manage members, nothing else); Dora holds "Settings deputy" (view and manage settings);
Sarah holds "Steward", a custom role the owner built with every permission, the owner-only one
to manage settings included. Every refusal leaves the data as it was.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from orgs import services
from orgs.models import Invitation, Membership, OrgRole
from orgs.tests.factories import MembershipFactory, OrgRoleFactory

ALL_BUT_OWNERSHIP = [
    "org.view",
    "org.edit",
    "org.manage_members",
    "org.manage_billing",
    "org.manage_api_keys",
    "org.manage_settings",
]


@pytest.fixture
def cast(acme, alice, bob):
    steward = OrgRoleFactory(org=acme, name="Steward", permissions=ALL_BUT_OWNERSHIP)
    people_lead = OrgRoleFactory(
        org=acme, name="People lead", permissions=["org.view", "org.edit", "org.manage_members"]
    )
    deputy = OrgRoleFactory(
        org=acme, name="Settings deputy", permissions=["org.view", "org.manage_settings"]
    )
    analyst = OrgRoleFactory(org=acme, name="Analyst", permissions=["org.view"])
    adam = MembershipFactory(org=acme, user=UserFactory(email="adam@acme.test"), role_key="admin")
    paula = Membership.objects.create(
        org=acme, user=UserFactory(email="paula@acme.test"), role=people_lead
    )
    sarah = Membership.objects.create(
        org=acme, user=UserFactory(email="sarah@acme.test"), role=steward
    )
    dora = Membership.objects.create(
        org=acme, user=UserFactory(email="dora@acme.test"), role=deputy
    )
    return {
        "roles": {r.key: r for r in OrgRole.objects.filter(org=acme, is_system=True)}
        | {"steward": steward, "people_lead": people_lead, "deputy": deputy, "analyst": analyst},
        "adam": adam,
        "paula": paula,
        "sarah": sarah,
        "dora": dora,
        "bob": Membership.objects.get(org=acme, user=bob),
    }


def _role_of(membership: Membership) -> str:
    return Membership.objects.get(pk=membership.pk).role.name


def _post_role(client, membership, role):
    return client.post(
        reverse("orgs:member_role", args=["acme", membership.pk]), {"role": role.pk}, follow=True
    )


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


# --- Portal: changing a member's role ------------------------------------------------------------


@pytest.mark.django_db
def test_an_admin_cannot_give_a_member_a_role_with_owner_only_permissions(client, cast):
    client.force_login(cast["adam"].user)

    response = _post_role(client, cast["bob"], cast["roles"]["steward"])

    assert _role_of(cast["bob"]) == "Member"
    assert "cannot grant permissions you do not hold" in _messages(response)


@pytest.mark.django_db
def test_an_admin_cannot_raise_their_own_role(client, cast):
    client.force_login(cast["adam"].user)

    _post_role(client, cast["adam"], cast["roles"]["steward"])

    assert _role_of(cast["adam"]) == "Admin"


@pytest.mark.django_db
def test_a_member_manager_cannot_grant_permissions_they_lack_to_others_or_themselves(client, cast):
    client.force_login(cast["paula"].user)

    to_bob = _post_role(client, cast["bob"], cast["roles"]["admin"])
    _post_role(client, cast["paula"], cast["roles"]["admin"])

    assert _role_of(cast["bob"]) == "Member"
    assert _role_of(cast["paula"]) == "People lead"
    assert "manage billing and subscription" in _messages(to_bob)


@pytest.mark.django_db
def test_a_member_manager_still_grants_what_they_hold(client, cast):
    client.force_login(cast["paula"].user)

    _post_role(client, cast["bob"], cast["roles"]["viewer"])

    assert _role_of(cast["bob"]) == "Viewer"


@pytest.mark.django_db
def test_an_admin_cannot_demote_or_remove_a_member_above_them(client, cast):
    client.force_login(cast["adam"].user)
    sarah = cast["sarah"]

    demoted = _post_role(client, sarah, cast["roles"]["viewer"])
    client.post(reverse("orgs:member_remove", args=["acme", sarah.pk]))

    assert _role_of(sarah) == "Steward"
    assert "cannot change or remove them" in _messages(demoted)


@pytest.mark.django_db
def test_an_admin_cannot_demote_or_remove_the_owner(client, cast, alice):
    owner = Membership.objects.get(org=cast["adam"].org, user=alice)
    client.force_login(cast["adam"].user)

    _post_role(client, owner, cast["roles"]["viewer"])
    client.post(reverse("orgs:member_remove", args=["acme", owner.pk]))

    assert _role_of(owner) == "Owner"


@pytest.mark.django_db
def test_an_admin_may_demote_an_admin_holding_no_more_than_they_do(client, cast, acme):
    other = MembershipFactory(org=acme, user=UserFactory(), role_key="admin")
    client.force_login(cast["adam"].user)

    _post_role(client, other, cast["roles"]["member"])

    assert _role_of(other) == "Member"


@pytest.mark.django_db
def test_the_owner_grants_owner_only_permissions(client, cast, alice):
    client.force_login(alice)

    _post_role(client, cast["bob"], cast["roles"]["steward"])

    assert _role_of(cast["bob"]) == "Steward"


@pytest.mark.django_db
def test_the_members_page_offers_only_grantable_roles_and_manageable_members(client, cast):
    client.force_login(cast["adam"].user)

    response = client.get(reverse("orgs:members", args=["acme"]))

    offered = {role.name for role in response.context["assignable_roles"]}
    assert offered == {"Admin", "Member", "Viewer", "People lead", "Analyst"}
    invitable = {role.name for role in response.context["form"].fields["role"].queryset}
    assert invitable == offered
    assert cast["sarah"].pk not in response.context["manageable"]
    assert cast["bob"].pk in response.context["manageable"]


# --- Portal: invitations --------------------------------------------------------------------


@pytest.mark.django_db
def test_an_admin_cannot_invite_with_a_role_holding_more_than_theirs(client, cast):
    client.force_login(cast["adam"].user)

    response = client.post(
        reverse("orgs:members", args=["acme"]),
        {"email": "new@example.com", "role": cast["roles"]["steward"].pk},
    )

    assert response.status_code == 400
    assert "role" in response.context["form"].errors
    assert not Invitation.objects.filter(email="new@example.com").exists()


@pytest.mark.django_db
def test_the_invitation_service_refuses_a_role_the_inviter_cannot_grant(cast, acme):
    with pytest.raises(Exception) as refused:
        services.invitation_create(
            org=acme,
            email="new@example.com",
            role=cast["roles"]["admin"],
            invited_by=cast["paula"].user,
        )

    assert "role" in refused.value.message_dict
    assert not Invitation.objects.filter(email="new@example.com").exists()


@pytest.mark.django_db
def test_an_invitation_no_longer_holds_once_its_inviter_cannot_grant_the_role(client, cast, acme):
    invitation, token = services.invitation_create(
        org=acme,
        email="newcomer@example.com",
        role=cast["roles"]["admin"],
        invited_by=cast["adam"].user,
    )
    services.membership_change_role(
        membership=cast["adam"], role=cast["roles"]["member"], actor=acme.owner
    )
    newcomer = UserFactory(email="newcomer@example.com")
    client.force_login(newcomer)

    response = client.post(reverse("orgs:invitation_accept", args=[token]))
    joined = client.post(reverse("orgs:invitation_join", args=[invitation.pk]), follow=True)

    assert response.status_code == 400
    assert "no longer valid" in response.content.decode()
    assert joined.redirect_chain[-1][0] == reverse("orgs:create")
    assert "no longer valid" in _messages(joined)
    assert not Membership.objects.filter(org=acme, user=newcomer).exists()


@pytest.mark.django_db
def test_an_invitation_no_longer_holds_once_its_custom_role_was_widened(client, cast, acme):
    analyst = cast["roles"]["analyst"]
    _invitation, token = services.invitation_create(
        org=acme, email="newcomer@example.com", role=analyst, invited_by=cast["paula"].user
    )
    services.role_update(
        role=analyst,
        name="Analyst",
        permissions=["org.view", "org.manage_billing"],
        actor=acme.owner,
    )
    newcomer = UserFactory(email="newcomer@example.com")
    client.force_login(newcomer)

    client.post(reverse("orgs:invitation_accept", args=[token]))

    assert not Membership.objects.filter(org=acme, user=newcomer).exists()


# --- Portal: custom roles ----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_settings_deputy_cannot_create_a_role_holding_more_than_theirs(client, cast, acme):
    client.force_login(cast["dora"].user)

    response = client.post(
        reverse("orgs:roles", args=["acme"]),
        {"name": "Treasurer", "permissions": ["org.view", "org.manage_billing"]},
    )

    assert response.status_code == 400
    assert "permissions" in response.context["form"].errors
    assert not OrgRole.objects.filter(org=acme, name="Treasurer").exists()


@pytest.mark.django_db
def test_only_the_owner_creates_a_role_with_owner_only_permissions(client, cast, acme, alice):
    client.force_login(cast["dora"].user)
    refused = client.post(
        reverse("orgs:roles", args=["acme"]),
        {"name": "Deputy two", "permissions": ["org.view", "org.manage_settings"]},
    )
    client.force_login(alice)
    allowed = client.post(
        reverse("orgs:roles", args=["acme"]),
        {"name": "Deputy three", "permissions": ["org.view", "org.manage_settings"]},
    )

    assert refused.status_code == 400
    assert "Only the owner can grant" in str(refused.context["form"].errors)
    assert not OrgRole.objects.filter(org=acme, name="Deputy two").exists()
    assert allowed.status_code == 302
    assert OrgRole.objects.filter(org=acme, name="Deputy three").exists()


@pytest.mark.django_db
def test_editing_an_assigned_role_cannot_push_its_holders_above_the_editor(client, cast, acme):
    analyst = cast["roles"]["analyst"]
    cast["bob"].role = analyst
    cast["bob"].save(update_fields=["role"])
    client.force_login(cast["dora"].user)

    response = client.post(
        reverse("orgs:role_edit", args=["acme", analyst.pk]),
        {"name": "Analyst", "permissions": ["org.view", "org.manage_billing"]},
    )

    assert response.status_code == 400
    analyst.refresh_from_db()
    assert analyst.permissions == ["org.view"]


@pytest.mark.django_db
def test_nobody_widens_their_own_custom_role(client, cast, acme):
    deputy = cast["roles"]["deputy"]
    client.force_login(cast["dora"].user)

    client.post(
        reverse("orgs:role_edit", args=["acme", deputy.pk]),
        {"name": "Settings deputy", "permissions": ["org.view", "org.manage_settings", "org.edit"]},
    )

    deputy.refresh_from_db()
    assert sorted(deputy.permissions) == ["org.manage_settings", "org.view"]


@pytest.mark.django_db
def test_a_deputy_cannot_edit_or_delete_a_role_above_them(client, cast, acme):
    steward = cast["roles"]["steward"]
    client.force_login(cast["dora"].user)
    url = reverse("orgs:role_edit", args=["acme", steward.pk])

    client.post(url, {"name": "Steward", "permissions": ["org.view"]})
    lonely = OrgRoleFactory(org=acme, name="Lonely steward", permissions=ALL_BUT_OWNERSHIP)
    client.post(reverse("orgs:role_edit", args=["acme", lonely.pk]), {"delete": "1"})

    steward.refresh_from_db()
    assert sorted(steward.permissions) == sorted(ALL_BUT_OWNERSHIP)
    assert OrgRole.objects.filter(pk=lonely.pk).exists()


# --- API ---------------------------------------------------------------------------------------


def _api_patch_member(client, membership, role):
    return client.patch(
        f"/api/v1/orgs/acme/members/{membership.pk}/",
        {"role": str(role.pk)},
        content_type="application/json",
    )


@pytest.mark.django_db
def test_the_api_refuses_a_role_change_beyond_the_callers_permissions(client, cast):
    client.force_login(cast["adam"].user)

    to_bob = _api_patch_member(client, cast["bob"], cast["roles"]["steward"])
    to_self = _api_patch_member(client, cast["adam"], cast["roles"]["steward"])

    assert to_bob.status_code == 400 and "role" in to_bob.json()
    assert to_self.status_code == 400
    assert _role_of(cast["bob"]) == "Member" and _role_of(cast["adam"]) == "Admin"


@pytest.mark.django_db
def test_the_api_refuses_to_demote_or_remove_a_member_above_the_caller(client, cast):
    client.force_login(cast["adam"].user)
    sarah = cast["sarah"]

    demoted = _api_patch_member(client, sarah, cast["roles"]["viewer"])
    removed = client.delete(f"/api/v1/orgs/acme/members/{sarah.pk}/")

    assert demoted.status_code == 400 and removed.status_code == 400
    assert _role_of(sarah) == "Steward"


@pytest.mark.django_db
def test_the_api_refuses_an_invitation_with_a_role_beyond_the_inviter(client, cast):
    client.force_login(cast["paula"].user)

    response = client.post(
        "/api/v1/orgs/acme/invitations/",
        {"email": "new@example.com", "role": str(cast["roles"]["admin"].pk)},
        content_type="application/json",
    )

    assert response.status_code == 400 and "role" in response.json()
    assert not Invitation.objects.filter(email="new@example.com").exists()


@pytest.mark.django_db
def test_the_api_refuses_custom_roles_beyond_the_caller(client, cast, acme):
    client.force_login(cast["dora"].user)
    analyst = cast["roles"]["analyst"]

    created = client.post(
        "/api/v1/orgs/acme/roles/",
        {"name": "Treasurer", "permissions": ["org.view", "org.manage_billing"]},
        content_type="application/json",
    )
    owner_only = client.post(
        "/api/v1/orgs/acme/roles/",
        {"name": "Deputy two", "permissions": ["org.manage_settings"]},
        content_type="application/json",
    )
    widened = client.patch(
        f"/api/v1/orgs/acme/roles/{analyst.pk}/",
        {"permissions": ["org.view", "org.manage_api_keys"]},
        content_type="application/json",
    )

    assert created.status_code == 400 and "permissions" in created.json()
    assert owner_only.status_code == 400 and "permissions" in owner_only.json()
    assert widened.status_code == 400
    assert not OrgRole.objects.filter(org=acme, name__in=["Treasurer", "Deputy two"]).exists()
    analyst.refresh_from_db()
    assert analyst.permissions == ["org.view"]
