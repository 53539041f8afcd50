"""events names orgs' permissions by value (it sits below orgs): the two must agree."""

from events import event_types
from orgs.models import OrgPermission


def test_the_permissions_events_names_are_orgs_own():
    named = {
        value
        for name, value in vars(event_types.OrgPermission).items()
        if name.isupper() and isinstance(value, str)
    }
    assert named <= set(OrgPermission.values)
    assert set(event_types.EVENT_READ_PERMISSION.values()) <= set(OrgPermission.values)
    assert event_types.UNLISTED_READ_PERMISSION == OrgPermission.MANAGE_SETTINGS


def test_each_notification_type_is_routed_by_the_outbox_to_notifications():
    from events.registry import EVENT_HANDLERS
    from notifications.registry import HANDLERS, notify_for_event

    assert "trend.new" in HANDLERS  # registered by intelligence, not imported by notifications
    assert all(notify_for_event in EVENT_HANDLERS[event_type] for event_type in HANDLERS)
