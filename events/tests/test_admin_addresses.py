"""The audit log and the event list moved from the notifications app to events: the old admin
addresses redirect to the new ones, query string kept (bookmarks and links in old emails)."""

import pytest


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/admin/notifications/auditlog/", "/admin/events/auditlog/"),
        ("/admin/notifications/auditlog/?q=acme", "/admin/events/auditlog/?q=acme"),
        ("/admin/notifications/event/7/change/", "/admin/events/event/7/change/"),
    ],
)
def test_the_old_admin_addresses_redirect_to_the_events_app(client, old, new):
    response = client.get(old)
    assert response.status_code == 302 and response["Location"] == new


@pytest.mark.django_db
def test_the_audit_log_changelist_serves_staff_at_its_new_address(admin_client):
    assert admin_client.get("/admin/events/auditlog/").status_code == 200


@pytest.mark.django_db
def test_the_notifications_admin_itself_stays_where_it_is(admin_client):
    assert admin_client.get("/admin/notifications/notification/").status_code == 200
