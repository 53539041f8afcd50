import pytest

from events.services import event_record
from notifications.models import Notification


@pytest.fixture
def record(django_capture_on_commit_callbacks):
    """Record an event the way a producer does and let it run its course (eager Celery)."""

    def run(event_type: str, *, user=None, org=None, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            return event_record(
                event_type=event_type, source="tests", user=user, org=org, data=data or {}
            )

    return run


def notified(event_type_key: str | None = None, **filters):
    """The notifications written, as (recipient email, type, priority, link) sorted."""
    qs = Notification.objects.filter(**filters)
    if event_type_key:
        qs = qs.filter(idempotency_key__startswith=event_type_key)
    return sorted(qs.values_list("user__email", "type", "priority", "link"))
