import datetime
import uuid

import factory

from accounts.tests.factories import UserFactory, membership_org
from dashboards import models
from orgs.tests.factories import OrganizationFactory


class DashboardAnalyticsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DashboardAnalytics

    user = factory.SubFactory(UserFactory)
    event_type = "view"
    widget_id = "score-trend"


class DashboardBenchmarkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DashboardBenchmark

    industry = "saas"
    metric = factory.Sequence(lambda n: f"net_revenue_retention_{n}")
    median = 105
    unit = "%"


class _UserOrg(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    org = factory.LazyAttribute(lambda o: membership_org(o.user))


class DashboardConfigFactory(_UserOrg):
    class Meta:
        model = models.DashboardConfig


class DashboardLayoutFactory(_UserOrg):
    class Meta:
        model = models.DashboardLayout

    widgets = factory.LazyFunction(lambda: [{"id": "score-trend", "x": 0, "y": 0}])


class DashboardEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DashboardEvent

    org = factory.SubFactory(OrganizationFactory)
    user = factory.LazyAttribute(lambda o: o.org.owner)
    event_type = "assessment.scored"
    title = "Sales performance scored 3.4"


class DashboardTrendFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DashboardTrend

    org = factory.SubFactory(OrganizationFactory)
    metric = "overall_score"
    period_start = factory.Sequence(
        lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n)
    )
    value = 3


class DashboardWidgetDataFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DashboardWidgetData

    org = factory.SubFactory(OrganizationFactory)
    widget_id = factory.Sequence(lambda n: f"widget-{n}")


class Tier2DashboardInsightFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Tier2DashboardInsight

    id = factory.LazyFunction(uuid.uuid4)
    title = "Legacy insight"
    created_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))
