import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_only_staff_enter_the_admin(client, alice, staff):
    client.force_login(alice)
    assert client.get(reverse("admin:index")).status_code == 302
    client.force_login(staff)
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db
def test_staff_search_and_filter_users_and_organisations(client, staff, alice, acme, bob):
    client.force_login(staff)
    users = client.get(reverse("admin:accounts_user_changelist"), {"q": "bob@acme"})
    assert users.status_code == 200
    assert "bob@acme.test" in users.content.decode()
    assert "alice@acme.test" not in users.content.decode()
    by_role = client.get(reverse("admin:accounts_user_changelist"), {"role__exact": "super_admin"})
    assert "staff@platform.test" in by_role.content.decode()
    orgs = client.get(reverse("admin:orgs_organization_changelist"), {"q": "acme"})
    assert orgs.status_code == 200 and "Acme" in orgs.content.decode()
    change = client.get(reverse("admin:orgs_organization_change", args=[acme.pk]))
    assert change.status_code == 200


@pytest.mark.django_db
def test_the_platform_role_drives_the_staff_flags(alice):
    alice.role = "admin"
    alice.save()
    assert alice.is_staff and not alice.is_superuser
    alice.role = "user"
    alice.save(update_fields=["role"])
    alice.refresh_from_db()
    assert not alice.is_staff
