import pytest
from django.urls import reverse

from orgs.models import Membership, Organization, OrgRole
from orgs.tests.factories import MembershipFactory, OrganizationFactory

CREATE = reverse("orgs:create")


@pytest.mark.django_db
def test_a_new_user_without_an_org_is_sent_to_create_one(client, alice):
    client.force_login(alice)
    response = client.get(reverse("dashboards:home"))
    assert response.status_code == 302 and response.url == CREATE


@pytest.mark.django_db
def test_creating_an_org_makes_the_user_its_owner_with_the_four_roles(client, alice):
    client.force_login(alice)

    response = client.post(CREATE, {"name": "Initech Labs", "slug": ""})

    org = Organization.objects.get(name="Initech Labs")
    assert org.slug == "initech-labs"
    assert response.status_code == 302
    assert response.url == reverse("orgs:members", args=["initech-labs"])
    assert org.owner == alice
    assert set(OrgRole.objects.filter(org=org).values_list("key", flat=True)) == {
        "owner",
        "admin",
        "member",
        "viewer",
    }
    assert Membership.objects.get(org=org, user=alice).role.key == "owner"
    alice.refresh_from_db()
    assert alice.org_id == org.pk
    dashboard = client.get(reverse("dashboards:home"), follow=True).content.decode()
    assert "Initech Labs" in dashboard


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "acme", "slug": "fresh"}, "name", "already exists"),
        ({"name": "Fresh Name", "slug": "acme"}, "slug", "already taken"),
        ({"name": "Fresh Name", "slug": "Not A Slug!"}, "slug", "lowercase letters"),
        ({"name": "Fresh Name", "slug": "new"}, "slug", "reserved"),
        ({"name": "", "slug": "fresh"}, "name", "required"),
    ],
)
@pytest.mark.django_db
def test_a_taken_or_invalid_name_or_slug_gets_a_form_error_and_creates_nothing(
    client, acme, charlie, data, field, message
):
    client.force_login(charlie)
    before = Organization.objects.count()

    response = client.post(CREATE, data)

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert Organization.objects.count() == before


@pytest.mark.django_db
def test_a_user_in_two_orgs_switches_between_them(client, alice, acme, globex):
    MembershipFactory(org=globex, user=alice, role_key="member")
    client.force_login(alice)

    client.post(reverse("orgs:switch"), {"org_slug": "globex"})

    alice.refresh_from_db()
    assert alice.org_id == globex.pk
    page = client.get(reverse("dashboards:home"), follow=True).content.decode()
    assert "Globex" in page and "you are member" in page

    client.post(reverse("orgs:switch"), {"org_slug": "acme"})
    alice.refresh_from_db()
    assert alice.org_id == acme.pk


@pytest.mark.django_db
def test_switching_to_an_org_you_are_not_in_answers_404(client, alice, acme, globex):
    client.force_login(alice)
    response = client.post(reverse("orgs:switch"), {"org_slug": "globex"})
    assert response.status_code == 404
    alice.refresh_from_db()
    assert alice.org_id == acme.pk


@pytest.mark.parametrize("name", ["orgs:members", "orgs:settings"])
@pytest.mark.django_db
def test_another_orgs_pages_answer_404_to_an_outsider(client, acme, charlie, name):
    client.force_login(charlie)
    assert client.get(reverse(name, args=["acme"])).status_code == 404


@pytest.mark.django_db
def test_org_pages_send_anonymous_visitors_to_login(client, acme):
    response = client.get(reverse("orgs:members", args=["acme"]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.django_db
def test_the_owner_renames_the_org_and_the_slug_keeps_working(client, alice, acme):
    client.force_login(alice)

    response = client.post(reverse("orgs:settings", args=["acme"]), {"name": "Acme Holdings"})

    assert response.status_code == 302
    acme.refresh_from_db()
    assert acme.name == "Acme Holdings" and acme.slug == "acme"
    assert client.get(reverse("orgs:members", args=["acme"])).status_code == 200


@pytest.mark.django_db
def test_renaming_to_a_taken_name_gets_a_form_error(client, alice, acme, globex):
    client.force_login(alice)
    response = client.post(reverse("orgs:settings", args=["acme"]), {"name": "GLOBEX"})
    assert response.status_code == 400
    assert "already uses that name" in " ".join(response.context["form"].errors["name"])
    acme.refresh_from_db()
    assert acme.name == "Acme"


@pytest.mark.django_db
def test_a_member_cannot_rename_the_org(client, bob, acme):
    client.force_login(bob)
    response = client.post(reverse("orgs:settings", args=["acme"]), {"name": "Bob's Acme"})
    assert response.status_code == 403
    acme.refresh_from_db()
    assert acme.name == "Acme"


@pytest.mark.django_db
def test_the_members_page_lists_only_this_orgs_members(client, alice, bob, acme, charlie):
    client.force_login(alice)
    page = client.get(reverse("orgs:members", args=["acme"])).content.decode()
    assert "bob@acme.test" in page and "alice@acme.test" in page
    assert "charlie@globex.test" not in page


@pytest.mark.django_db
def test_the_members_page_runs_a_constant_number_of_queries(
    client, alice, acme, django_assert_max_num_queries
):
    client.force_login(alice)
    client.get(reverse("orgs:members", args=["acme"]))  # warm caches (content types, session)
    with django_assert_max_num_queries(15):
        client.get(reverse("orgs:members", args=["acme"]))
    for _ in range(25):
        MembershipFactory(org=acme)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("orgs:members", args=["acme"]))
    assert response.content.decode().count('data-testid="member-row"') == 26


@pytest.mark.django_db
def test_factories_keep_test_data_inside_one_org():
    membership = MembershipFactory()
    assert membership.role.org_id == membership.org_id
    assert OrganizationFactory().memberships.count() == 1
