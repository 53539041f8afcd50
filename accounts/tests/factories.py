import factory
from django.conf import settings

from accounts.models import (
    GrowthUser,
    Lead,
    Tier2Profile,
    TrialUser,
    User,
    UserAction,
    UserActivity,
    UserAnalytics,
    UserSession,
    WebsocketConnection,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"user{n}@example.com")
    agreed_terms = True
    title = "Head of Growth"
    company = factory.Faker("company")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or settings.DEMO_PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Give the user a verified primary email address, as allauth needs to let them in."""
        if create and extracted is not False:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.update_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


# --- Part A: legacy and activity tables -------------------------------------------------------


def membership_org(user):
    """The organisation of one of `user`'s memberships, made through orgs' factories if none:
    a user-owned row's org_id is an org the user belongs to, never a stranger's."""
    from orgs.tests.factories import MembershipFactory

    membership = user.memberships.select_related("org").order_by("created_at").first()
    return (membership or MembershipFactory(user=user)).org


class GrowthUserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GrowthUser

    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"legacy{n}@example.com")
    industry = "saas"
    role = "founder"
    companysize = "11-50"
    revenuerange = "1m_5m"


class Tier2ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tier2Profile

    user = factory.SubFactory(UserFactory)
    headline = "Growth lead"
    bio = factory.Faker("sentence")


class TrialUserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrialUser

    email = factory.Sequence(lambda n: f"trial{n}@example.com")
    name = factory.Faker("name")
    company = factory.Faker("company")


class LeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lead

    email = factory.Sequence(lambda n: f"lead{n}@example.com")
    name = factory.Faker("name")
    company = factory.Faker("company")
    source = "website"


class UserActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UserActivity

    growth_user = factory.SubFactory(GrowthUserFactory)
    activity = "login"


class UserSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UserSession

    user = factory.SubFactory(UserFactory)
    org = factory.LazyAttribute(lambda o: membership_org(o.user))
    session_key = factory.Sequence(lambda n: f"session-{n:08d}")
    ip_address = "192.0.2.10"
    user_agent = "Mozilla/5.0"


class UserAnalyticsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UserAnalytics

    user = factory.SubFactory(UserFactory)
    org = factory.LazyAttribute(lambda o: membership_org(o.user))
    page_views = 12
    sessions = 2
    actions = 5


class UserActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UserAction

    user = factory.SubFactory(UserFactory)
    org = factory.LazyAttribute(lambda o: membership_org(o.user))
    action = "assessment.started"
    target_type = "bpm_assessment"


class WebsocketConnectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WebsocketConnection

    user = factory.SubFactory(UserFactory)
    org = factory.LazyAttribute(lambda o: membership_org(o.user))
    connection_id = factory.Sequence(lambda n: f"ws-{n:08d}")
    channel = "notifications"


# Third-party models registered in the admin need a factory too (config/tests/test_admin_pages.py).
class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "auth.Group"

    name = factory.Sequence(lambda n: f"Group {n}")


class EmailAddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "account.EmailAddress"

    user = factory.SubFactory(UserFactory, verified=False)
    email = factory.LazyAttribute(lambda o: o.user.email)
    verified = True
    primary = True
