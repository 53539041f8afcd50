import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from billing.models import StripeEvent, Subscription


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscription

    user = factory.SubFactory(UserFactory)
    plan = "Free"
    status = "active"


class StripeEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StripeEvent

    id = factory.Sequence(lambda n: f"evt_test_{n:08d}")
    type = "customer.subscription.updated"
    created = factory.LazyFunction(timezone.now)
    payload = factory.LazyAttribute(lambda o: {"id": o.id, "object": "event", "type": o.type})
