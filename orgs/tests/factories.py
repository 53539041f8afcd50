from datetime import timedelta

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from orgs import services
from orgs.models import ApiKey, Invitation, Membership, Organization, OrgRole


class OrganizationFactory(factory.django.DjangoModelFactory):
    """An organisation made the way the product makes one: roles and owner membership included.

    Like the product, a first-time owner starts on a trial. `plan` puts the owner on another
    plan: `OrganizationFactory(plan="Free")`, `OrganizationFactory(plan="Growth",
    plan__cycle="annual")`, `OrganizationFactory(plan="Growth", plan__status="cancelled")`.
    """

    class Meta:
        model = Organization
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    owner = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.org_create(owner=kwargs["owner"], name=kwargs["name"], slug=kwargs["slug"])

    @factory.post_generation
    def plan(obj, create, extracted, **kwargs):
        if create and extracted:
            from billing.tests.factories import subscription_set

            subscription_set(user=obj.owner, plan=extracted, **kwargs)


class MembershipFactory(factory.django.DjangoModelFactory):
    """A member of `org` with the system role `role_key` (member by default)."""

    class Meta:
        model = Membership

    class Params:
        role_key = "member"

    org = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    role = factory.LazyAttribute(lambda o: OrgRole.objects.get(org=o.org, key=o.role_key))


class OrgRoleFactory(factory.django.DjangoModelFactory):
    """A custom role of an organisation."""

    class Meta:
        model = OrgRole

    org = factory.SubFactory(OrganizationFactory)
    key = factory.Sequence(lambda n: f"custom-role-{n}")
    name = factory.Sequence(lambda n: f"Custom role {n}")
    permissions = factory.LazyFunction(lambda: ["org.view"])
    is_system = False


class InvitationFactory(factory.django.DjangoModelFactory):
    """An open invitation; its role belongs to its organisation."""

    class Meta:
        model = Invitation

    org = factory.SubFactory(OrganizationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.com")
    role = factory.LazyAttribute(lambda o: OrgRole.objects.get(org=o.org, key="member"))
    token_hash = factory.Sequence(lambda n: f"{n:064d}")
    invited_by = factory.LazyAttribute(lambda o: o.org.owner)
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))


class ApiKeyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApiKey

    org = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Integration {n}")
    prefix = factory.Sequence(lambda n: f"{n:08x}")
    key_hash = factory.Sequence(lambda n: f"{n:064x}")
    scope = "read"
    created_by = factory.LazyAttribute(lambda o: o.org.owner)


class SecurityAlertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "orgs.SecurityAlert"

    org = factory.SubFactory(OrganizationFactory)
    user = factory.LazyAttribute(lambda o: o.org.owner)
    alert_type = "login.new_location"
    severity = "medium"
    title = "New sign-in from an unfamiliar location"
    ip_address = "198.51.100.23"
