import factory

from accounts.tests.factories import UserFactory
from orgs import services
from orgs.models import Membership, Organization, OrgRole


class OrganizationFactory(factory.django.DjangoModelFactory):
    """An organisation made the way the product makes one: roles and owner membership included."""

    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    owner = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.org_create(owner=kwargs["owner"], name=kwargs["name"], slug=kwargs["slug"])


class MembershipFactory(factory.django.DjangoModelFactory):
    """A member of `org` with the system role `role_key` (member by default)."""

    class Meta:
        model = Membership

    class Params:
        role_key = "member"

    org = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    role = factory.LazyAttribute(lambda o: OrgRole.objects.get(org=o.org, key=o.role_key))
