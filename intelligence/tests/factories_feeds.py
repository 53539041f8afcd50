"""Factories of the feeds' tables (re-exported by intelligence.tests.factories, where the admin
page test finds factories)."""

import factory

from intelligence import models


class FeedSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.FeedSource

    name = factory.Sequence(lambda n: f"Industry wire {n}")
    # A documentation address (RFC 5737): never fetched by a test that does not say so.
    url = factory.Sequence(lambda n: f"http://192.0.2.1/feeds/{n}.xml")
    industries = factory.LazyFunction(lambda: ["saas"])


class IndustryKeywordRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.IndustryKeywordRule

    industry = "fintech"
    keyword = factory.Sequence(lambda n: f"payments{n}")
