import factory

from accounts.tests.factories import UserFactory, membership_org
from events.models import AuditLog, Event
from notifications.models import Notification


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    user = factory.SubFactory(UserFactory)
    type = "assessment_scored"
    title = factory.Sequence(lambda n: f"Your assessment {n} was scored")
    message = "Open it to see your score, bracket and next steps."
    priority = "medium"
    link = "/dashboard/"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    user = factory.SubFactory(UserFactory)
    org = factory.LazyAttribute(lambda o: membership_org(o.user))
    event_type = "user.signed_up"
    event_data = factory.LazyFunction(dict)
    source = "accounts"


class AuditLogFactory(factory.django.DjangoModelFactory):
    """An audit entry as django-auditlog writes it, for an organisation's update."""

    class Meta:
        model = AuditLog

    class Params:
        target = factory.SubFactory("orgs.tests.factories.OrganizationFactory")

    content_type = factory.LazyAttribute(
        lambda o: __import__(
            "django.contrib.contenttypes.models", fromlist=["ContentType"]
        ).ContentType.objects.get_for_model(o.target)
    )
    object_pk = factory.LazyAttribute(lambda o: str(o.target.pk))
    object_repr = factory.LazyAttribute(lambda o: str(o.target))
    action = AuditLog.Action.UPDATE
    changes = factory.LazyFunction(lambda: {"name": ["Old name", "New name"]})
    actor = factory.LazyAttribute(lambda o: o.target.owner)
    remote_addr = "203.0.113.7"
    user_agent = "pytest"
