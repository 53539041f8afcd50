import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from orgs.models import Invitation, Membership, OrgRole


@pytest.fixture
def invite(client, django_capture_on_commit_callbacks):
    """Post the invitation form; the email leaves after commit, so run those callbacks."""

    def _invite(email="dana@example.com", role_key="member", org_slug="acme"):
        role = OrgRole.objects.get(org__slug=org_slug, key=role_key)
        url = reverse("orgs:members", args=[org_slug])
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, {"email": email, "role": role.pk})

    return _invite


def _link_path():
    return re.search(r"https?://[^/]+(/orgs/invitations/\S+/)", mail.outbox[-1].body).group(1)


@pytest.mark.django_db
def test_the_owner_invites_by_email_and_the_invitee_joins(client, alice, acme, invite):
    client.force_login(alice)

    response = invite("Dana@Example.com", "viewer")

    assert response.status_code == 302
    assert mail.outbox[-1].to == ["dana@example.com"]
    assert "Join Acme" in mail.outbox[-1].subject
    invitation = Invitation.objects.get(org=acme)
    assert invitation.email == "dana@example.com"
    assert len(invitation.token_hash) == 64  # only a hash is stored

    dana = UserFactory(email="dana@example.com")
    client.force_login(dana)
    link = _link_path()
    assert "Join Acme" in client.get(link).content.decode()
    accepted = client.post(link)

    assert accepted.status_code == 302
    membership = Membership.objects.get(org=acme, user=dana)
    assert membership.role.key == "viewer"
    dana.refresh_from_db()
    assert dana.org_id == acme.pk


@pytest.mark.django_db
def test_an_invitation_for_another_address_is_refused_with_a_message(
    client, alice, acme, charlie, invite
):
    client.force_login(alice)
    invite("dana@example.com")
    client.force_login(charlie)

    response = client.post(_link_path())

    assert response.status_code == 400
    assert "sent to dana@example.com" in response.content.decode()
    assert not Membership.objects.filter(org=acme, user=charlie).exists()


@pytest.mark.django_db
def test_a_withdrawn_or_expired_invitation_cannot_be_used(client, alice, acme, invite):
    client.force_login(alice)
    invite("dana@example.com")
    link = _link_path()
    invitation = Invitation.objects.get()
    client.post(reverse("orgs:invitation_revoke", args=["acme", invitation.pk]))
    dana = UserFactory(email="dana@example.com")
    client.force_login(dana)

    response = client.post(link)

    assert response.status_code == 400
    assert not Membership.objects.filter(user=dana).exists()

    invitation.revoked_at = None
    invitation.expires_at = timezone.now() - timezone.timedelta(days=1)
    invitation.save()
    assert client.post(link).status_code == 400


@pytest.mark.django_db
def test_an_unknown_invitation_token_answers_404(client, alice):
    client.force_login(alice)
    assert client.get(reverse("orgs:invitation_accept", args=["nope"])).status_code == 404


@pytest.mark.django_db
def test_inviting_an_existing_member_gets_a_form_error(client, alice, bob, acme, invite):
    client.force_login(alice)
    response = invite("bob@acme.test")
    assert response.status_code == 400
    assert "already a member" in " ".join(response.context["form"].errors["email"])
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_bad_email_gets_a_form_error(client, alice, acme, invite):
    client.force_login(alice)
    response = invite("not-an-email")
    assert response.status_code == 400 and "email" in response.context["form"].errors


@pytest.mark.django_db
def test_inviting_with_another_orgs_role_is_refused(client, alice, acme, globex):
    client.force_login(alice)
    foreign_role = OrgRole.objects.get(org=globex, key="member")
    response = client.post(
        reverse("orgs:members", args=["acme"]), {"email": "x@example.com", "role": foreign_role.pk}
    )
    assert response.status_code == 400 and "role" in response.context["form"].errors
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_a_member_cannot_invite_change_roles_or_remove(client, alice, bob, acme, invite):
    client.force_login(bob)
    assert invite("eve@example.com").status_code == 403
    alice_membership = Membership.objects.get(org=acme, user=alice)
    viewer = OrgRole.objects.get(org=acme, key="viewer")
    url = reverse("orgs:member_role", args=["acme", alice_membership.pk])
    assert client.post(url, {"role": viewer.pk}).status_code == 403
    remove = reverse("orgs:member_remove", args=["acme", alice_membership.pk])
    assert client.post(remove).status_code == 403
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_the_owner_changes_a_role_and_removes_a_member(client, alice, bob, acme):
    client.force_login(alice)
    membership = Membership.objects.get(org=acme, user=bob)
    admin_role = OrgRole.objects.get(org=acme, key="admin")

    client.post(reverse("orgs:member_role", args=["acme", membership.pk]), {"role": admin_role.pk})
    membership.refresh_from_db()
    assert membership.role == admin_role

    client.post(reverse("orgs:member_remove", args=["acme", membership.pk]))
    assert not Membership.objects.filter(pk=membership.pk).exists()
    bob.refresh_from_db()
    assert bob.org_id is None


@pytest.mark.django_db
def test_the_owner_cannot_be_removed(client, alice, acme):
    client.force_login(alice)
    membership = Membership.objects.get(org=acme, user=alice)
    response = client.post(reverse("orgs:member_remove", args=["acme", membership.pk]), follow=True)
    assert "owner cannot be removed" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.django_db
def test_another_orgs_membership_answers_404(client, alice, acme, globex, charlie):
    client.force_login(alice)
    foreign = Membership.objects.get(org=globex, user=charlie)
    assert client.post(reverse("orgs:member_remove", args=["acme", foreign.pk])).status_code == 404
    assert Membership.objects.filter(pk=foreign.pk).exists()


@pytest.mark.django_db
def test_a_new_user_sees_invitations_to_their_email_and_joins_without_the_link(
    client, alice, acme, invite
):
    client.force_login(alice)
    invite("dana@example.com", "member")
    dana = UserFactory(email="dana@example.com")
    client.force_login(dana)

    page = client.get(reverse("orgs:create")).content.decode()
    assert "You have been invited" in page and "Join Acme" in page

    invitation = Invitation.objects.get(email="dana@example.com")
    response = client.post(reverse("orgs:invitation_join", args=[invitation.pk]))
    assert response.status_code == 302
    assert Membership.objects.filter(org=acme, user=dana).exists()


@pytest.mark.django_db
def test_nobody_joins_with_an_invitation_addressed_to_someone_else(
    client, alice, acme, charlie, invite
):
    client.force_login(alice)
    invite("dana@example.com", "member")
    invitation = Invitation.objects.get(email="dana@example.com")
    client.force_login(charlie)

    assert "Join Acme" not in client.get(reverse("orgs:create")).content.decode()
    assert client.post(reverse("orgs:invitation_join", args=[invitation.pk])).status_code == 404
    assert not Membership.objects.filter(org=acme, user=charlie).exists()
