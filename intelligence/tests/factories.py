import datetime
import uuid

import factory

from accounts.tests.factories import GrowthUserFactory, UserFactory, membership_org
from intelligence import models
from intelligence.tests.factories_feeds import (  # noqa: F401 (the admin page test scans this module)
    FeedSourceFactory,
    IndustryKeywordRuleFactory,
)
from orgs.tests.factories import OrganizationFactory


def _now():
    return datetime.datetime.now(datetime.UTC)


class RealtimeMarketTrendFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RealtimeMarketTrend

    title = factory.Sequence(lambda n: f"Usage-based pricing spreads in mid-market SaaS ({n})")
    insight = "Buyers ask for consumption pricing; annual commits shrink."
    source = "Analyst briefing"
    industry = "saas"


class RealtimeBusinessTrendFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RealtimeBusinessTrend

    title = factory.Sequence(lambda n: f"CFOs extend payment terms ({n})")
    industry = "professional_services"
    insight = "Days sales outstanding rose across services firms."
    source = "Survey"


class RealtimeMarketingPlaybookFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RealtimeMarketingPlaybook

    insight = "Repurpose webinars into five short clips for paid social."


class BusinessNewsTickerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.BusinessNewsTicker

    title = factory.Sequence(lambda n: f"Headline {n}")
    url = "https://news.example.com/story"
    source = "Example News"
    published_at = factory.LazyFunction(_now)


class RealtimeStrategicTrendFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RealtimeStrategicTrend

    title = factory.Sequence(lambda n: f"Consolidation wave {n}")
    industry = "saas"


class RealTimeMetricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RealTimeMetric

    org = factory.SubFactory(OrganizationFactory)
    metric = "mrr"
    value = 42000
    unit = "USD"


class RealtimeEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RealtimeEvent

    org = factory.SubFactory(OrganizationFactory)
    channel = "dashboard"
    event_type = "metric.updated"


class _UserOrg(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    org = factory.LazyAttribute(lambda o: membership_org(o.user))


class RealtimeSubscriptionFactory(_UserOrg):
    class Meta:
        model = models.RealtimeSubscription

    topic = factory.Sequence(lambda n: f"topic-{n}")
    industry = "saas"


class TrendFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Trend

    id = factory.LazyFunction(uuid.uuid4)
    title = "Legacy trend"
    createdat = factory.LazyFunction(_now)


class IndustryStockSymbolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.IndustryStockSymbol

    industry = "saas"
    symbol = factory.Sequence(lambda n: f"SYM{n}")
    company_name = factory.Faker("company")


class InspirationalQuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.InspirationalQuote

    quote = "What gets measured gets managed."
    author = "Peter Drucker"


class RoadmapUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RoadmapUpdate

    title = factory.Sequence(lambda n: f"Roadmap item {n}")


class RoadmapReadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RoadmapRead

    user = factory.SubFactory(UserFactory)
    last_read_at = factory.LazyFunction(_now)


class GrowthLeverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.GrowthLever

    user = factory.SubFactory(UserFactory)
    levers = factory.LazyFunction(lambda: ["Raise prices 8% for new customers", "Launch referrals"])


class GrowthSimulationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.GrowthSimulation

    user = factory.SubFactory(UserFactory)
    simulation_type = "pricing"
    input_data = factory.LazyFunction(lambda: {"price_change": 0.08})
    output_data = factory.LazyFunction(lambda: {"arr_change": 0.05})


class GrowthLeversRegenerationFactory(_UserOrg):
    class Meta:
        model = models.GrowthLeversRegeneration


class GrowthStudioAuditLogFactory(_UserOrg):
    class Meta:
        model = models.GrowthStudioAuditLog

    action = "simulation.run"


class GrowthInsightFactory(_UserOrg):
    class Meta:
        model = models.GrowthInsight

    title = "Expansion revenue is your fastest lever"
    insight = "Net revenue retention of 96% leaves room for upsell plays."


class GrowthInsightHistoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.GrowthInsightHistory

    insight = factory.SubFactory(GrowthInsightFactory)
    user = factory.LazyAttribute(lambda o: o.insight.user)
    org = factory.LazyAttribute(lambda o: o.insight.org)
    title = "Earlier insight"
    content = "Earlier text."


class GrowthLeverProgressFactory(_UserOrg):
    class Meta:
        model = models.GrowthLeverProgress

    lever = "Launch referrals"
    progress = 40
    status = "in_progress"


class GrowthQuadrantDataFactory(_UserOrg):
    class Meta:
        model = models.GrowthQuadrantData

    label = "Self-serve onboarding"
    impact = 4
    effort = 2


class GrowthSimulationLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.GrowthSimulationLog

    simulation = factory.SubFactory(GrowthSimulationFactory)
    message = "Simulation started"


class Tier2SimulationHistoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Tier2SimulationHistory

    id = factory.LazyFunction(uuid.uuid4)
    simulation_type = "pricing"
    created_at = factory.LazyFunction(_now)


class AiAnalyticsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AiAnalytics

    provider = "offline"
    model = "rubric-v1"


class AiLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AiLog

    id = factory.LazyFunction(uuid.uuid4)
    growth_user = factory.SubFactory(GrowthUserFactory)
    prompt = "Summarise my growth blockers"
    createdat = factory.LazyFunction(_now)
