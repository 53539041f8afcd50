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


@pytest.mark.django_db
def test_a_platform_admin_sees_everything_read_only(client, acme, alice):
    from accounts.tests.factories import UserFactory

    admin_user = UserFactory(email="ops@platform.test", role="admin")
    client.force_login(admin_user)

    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
    assert client.get(reverse("admin:orgs_organization_changelist")).status_code == 200
    change = client.get(reverse("admin:orgs_organization_change", args=[acme.pk]))
    assert change.status_code == 200
    assert 'name="name"' not in change.content.decode()  # view-only: no editable inputs
    response = client.post(reverse("admin:orgs_organization_change", args=[acme.pk]), {"name": "X"})
    assert response.status_code == 403
    assert client.get(reverse("admin:orgs_organization_add")).status_code == 403


@pytest.mark.django_db
def test_only_a_super_admin_may_change_an_orgs_owner_or_sso(client, staff, acme):
    from django.contrib.admin.sites import site
    from django.test import RequestFactory

    from orgs.admin import OrganizationAdmin

    request = RequestFactory().get("/")
    request.user = staff
    model_admin = OrganizationAdmin(type(acme), site)
    assert "owner" not in model_admin.get_readonly_fields(request, acme)
    staff.role = "admin"
    staff.save()
    assert {"owner", "sso_config"} <= set(model_admin.get_readonly_fields(request, acme))
