import factory

from accounts.tests.factories import UserFactory, membership_org
from orgs.tests.factories import OrganizationFactory
from teams import models


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.TeamMember

    owner = factory.SubFactory(UserFactory)
    org = factory.LazyAttribute(lambda o: membership_org(o.owner))
    member_email = factory.Sequence(lambda n: f"teammate{n}@example.com")
    member_name = factory.Faker("name")
    role = "manager"
    department = "sales"


class _OrgOwned(factory.django.DjangoModelFactory):
    org = factory.SubFactory(OrganizationFactory)


class TeamActivityFactory(_OrgOwned):
    class Meta:
        model = models.TeamActivity

    created_by = factory.LazyAttribute(lambda o: o.org.owner)
    title = factory.Sequence(lambda n: f"Follow up on initiative {n}")


class TeamActivityLogFactory(_OrgOwned):
    class Meta:
        model = models.TeamActivityLog

    actor = factory.LazyAttribute(lambda o: o.org.owner)
    action = "assessment.completed"


class TeamAnalyticsFactory(_OrgOwned):
    class Meta:
        model = models.TeamAnalytics

    date = factory.Sequence(
        lambda n: __import__("datetime").date(2026, 1, 1) + __import__("datetime").timedelta(days=n)
    )
    active_members = 3


class TeamCommentFactory(_OrgOwned):
    class Meta:
        model = models.TeamComment

    author = factory.LazyAttribute(lambda o: o.org.owner)
    target_type = "assessment_result"
    target_id = factory.Faker("uuid4")
    body = "Let's discuss the pipeline score on Monday."


class TeamMessageFactory(_OrgOwned):
    class Meta:
        model = models.TeamMessage

    sender = factory.LazyAttribute(lambda o: o.org.owner)
    body = "Welcome to the team channel."


class TeamPresenceFactory(_OrgOwned):
    class Meta:
        model = models.TeamPresence

    user = factory.LazyAttribute(lambda o: o.org.owner)


class TeamUserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.TeamUser

    team_member = factory.SubFactory(TeamMemberFactory)
    user = factory.SubFactory(UserFactory)
    org = factory.LazyAttribute(lambda o: o.team_member.org)
