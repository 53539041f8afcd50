"""Every write path the code uses leaves an audit row with actor, IP and old/new values."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from notifications.models import AuditLog, Event
from orgs import services
from orgs.models import ApiKey, Invitation, Membership, OrgRole

UA = "AuditTest/1.0"


def _since(mark: int):
    return AuditLog.objects.filter(pk__gt=mark)


def _mark() -> int:
    last = AuditLog.objects.order_by("-pk").first()
    return last.pk if last else 0


def _json(client, method, url, data):
    return getattr(client, method)(
        url, json.dumps(data), content_type="application/json", HTTP_USER_AGENT=UA
    )


@pytest.fixture
def write_paths(alice, bob, acme):
    """(name, callable(client) -> response, table, operation) for every write the product has."""
    bob_membership = Membership.objects.get(org=acme, user=bob)
    viewer = OrgRole.objects.get(org=acme, key="viewer")
    member = OrgRole.objects.get(org=acme, key="member")
    return [
        (
            "profile edit",
            lambda c: c.post(
                reverse("accounts:profile"),
                {"first_name": "Alicia", "last_name": "Owner"},
                HTTP_USER_AGENT=UA,
            ),
            "tier2_users",
            "UPDATE",
        ),
        (
            "org create",
            lambda c: c.post(
                reverse("orgs:create"), {"name": "Second Co", "slug": "second"}, HTTP_USER_AGENT=UA
            ),
            "enterprise_orgs",
            "INSERT",
        ),
        (
            "org rename",
            lambda c: c.post(
                reverse("orgs:settings", args=["acme"]), {"name": "Acme Prime"}, HTTP_USER_AGENT=UA
            ),
            "enterprise_orgs",
            "UPDATE",
        ),
        (
            "invite",
            lambda c: c.post(
                reverse("orgs:members", args=["acme"]),
                {"email": "n@x.test", "role": member.pk},
                HTTP_USER_AGENT=UA,
            ),
            "org_invitations",
            "INSERT",
        ),
        (
            "role change",
            lambda c: c.post(
                reverse("orgs:member_role", args=["acme", bob_membership.pk]),
                {"role": viewer.pk},
                HTTP_USER_AGENT=UA,
            ),
            "org_users",
            "UPDATE",
        ),
        (
            "custom role",
            lambda c: c.post(
                reverse("orgs:roles", args=["acme"]),
                {"name": "Analyst", "permissions": ["org.view"]},
                HTTP_USER_AGENT=UA,
            ),
            "org_roles",
            "INSERT",
        ),
        (
            "api key",
            lambda c: c.post(
                reverse("orgs:api_keys", args=["acme"]),
                {"name": "BI", "scope": "read"},
                HTTP_USER_AGENT=UA,
            ),
            "org_api_keys",
            "INSERT",
        ),
        (
            "api me",
            lambda c: _json(c, "patch", "/api/v1/me/", {"title": "CEO"}),
            "tier2_users",
            "UPDATE",
        ),
        (
            "api rename",
            lambda c: _json(c, "patch", "/api/v1/orgs/acme/", {"name": "Acme API"}),
            "enterprise_orgs",
            "UPDATE",
        ),
        (
            "api member remove",
            lambda c: c.delete(
                f"/api/v1/orgs/acme/members/{bob_membership.pk}/", HTTP_USER_AGENT=UA
            ),
            "org_users",
            "DELETE",
        ),
    ]


@pytest.mark.django_db
def test_every_write_path_leaves_an_audit_row_with_actor_ip_and_values(client, alice, write_paths):
    client.force_login(alice)
    missing = []
    for name, call, table, operation in write_paths:
        mark = _mark()
        response = call(client)
        assert response.status_code < 400, (name, response.status_code)
        rows = list(_since(mark).filter(table_name=table, operation=operation))
        complete = [
            r
            for r in rows
            if r.actor_id == alice.pk
            and r.remote_addr == "127.0.0.1"
            and r.user_agent == UA
            and r.session_id is not None
            and (r.new_values if operation != "DELETE" else r.old_values)
        ]
        if not complete:
            missing.append(
                (name, table, operation, [(r.actor_id, r.remote_addr, r.user_agent) for r in rows])
            )
    assert missing == [], missing


@pytest.mark.django_db
def test_an_api_key_request_is_audited_with_the_keys_creator(client, alice, bob, acme):
    _, raw = services.api_key_create(org=acme, name="W", scope="read_write", created_by=alice)
    membership = Membership.objects.get(org=acme, user=bob)
    mark = _mark()
    response = client.delete(
        f"/api/v1/orgs/acme/members/{membership.pk}/", HTTP_AUTHORIZATION=f"Api-Key {raw}"
    )
    assert response.status_code == 204
    row = _since(mark).get(table_name="org_users", operation="DELETE")
    assert row.actor_id == alice.pk and row.remote_addr == "127.0.0.1"
    assert row.old_values and row.new_values is None


@pytest.mark.django_db
def test_secrets_never_reach_the_audit_log(client, alice, acme):
    client.force_login(alice)
    client.post(reverse("orgs:api_keys", args=["acme"]), {"name": "BI", "scope": "read"})
    key = ApiKey.objects.get()
    row = AuditLog.objects.get(table_name="org_api_keys", operation="INSERT")
    assert row.new_values["key_hash"] == "***" and key.key_hash not in json.dumps(row.new_values)
    alice.set_password("a-new-password-99")
    alice.save()
    user_row = AuditLog.objects.filter(table_name="tier2_users", operation="UPDATE").latest("pk")
    assert user_row.new_values["password"] == "***"


@pytest.mark.django_db
def test_staff_reads_of_sensitive_records_leave_select_rows(client, staff, alice, acme):
    client.force_login(staff)
    mark = _mark()
    client.get(reverse("admin:accounts_user_change", args=[alice.pk]))
    entry = AuditLog.objects.filter(table_name="enterprise_orgs").first()
    client.get(reverse("admin:notifications_auditlog_change", args=[entry.pk]))
    reads = _since(mark).filter(operation="SELECT")
    assert {r.table_name for r in reads} == {"tier2_users", "audit_log"}
    assert all(r.actor_id == staff.pk for r in reads)
    # Looking at one's own profile is not a sensitive read.
    mark = _mark()
    client.get(reverse("admin:accounts_user_change", args=[staff.pk]))
    assert not _since(mark).filter(operation="SELECT").exists()


@pytest.mark.django_db
def test_the_audit_log_api_is_for_staff_only(client, staff, alice, acme):
    client.force_login(alice)
    assert client.get("/api/v1/audit-log/").status_code == 403
    client.force_login(staff)
    body = client.get("/api/v1/audit-log/", {"table_name": "enterprise_orgs"}).json()
    assert body["count"] >= 1 and all(r["table_name"] == "enterprise_orgs" for r in body["results"])
    entry_id = body["results"][0]["id"]
    mark = _mark()
    assert client.get(f"/api/v1/audit-log/{entry_id}/").status_code == 200
    assert _since(mark).filter(operation="SELECT", table_name="audit_log").exists()


@pytest.mark.django_db
def test_the_audit_viewer_filters_and_exports_csv(client, staff, alice, acme):
    client.force_login(staff)
    url = reverse("admin:notifications_auditlog_changelist")
    page = client.get(url, {"table_name": "enterprise_orgs", "operation__exact": "INSERT"})
    assert page.status_code == 200
    ids = list(AuditLog.objects.values_list("pk", flat=True)[:5])
    response = client.post(url, {"action": "export_csv", "_selected_action": ids})
    assert response.status_code == 200 and response["Content-Type"] == "text/csv"
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].startswith("id,timestamp,operation,table_name") and len(lines) == len(ids) + 1


@pytest.mark.django_db
def test_prune_deletes_entries_older_than_the_retention(acme):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    old = AuditLog.objects.first()
    AuditLog.objects.filter(pk=old.pk).update(timestamp=timezone.now() - timedelta(days=500))
    call_command("prune_audit_log", days=400)
    assert not AuditLog.objects.filter(pk=old.pk).exists()
    assert AuditLog.objects.exists()


@pytest.mark.django_db
def test_services_record_domain_events(client, alice, acme, django_capture_on_commit_callbacks):
    client.force_login(alice)
    member = OrgRole.objects.get(org=acme, key="member")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("orgs:members", args=["acme"]), {"email": "e@x.test", "role": member.pk}
        )
    types = set(Event.objects.filter(org=acme).values_list("event_type", flat=True))
    assert {"org.created", "org.invitation_sent"} <= types
    invitation = Invitation.objects.get(email="e@x.test")
    assert invitation
    events = client.get("/api/v1/orgs/acme/events/", {"event_type": "org.invitation_sent"}).json()
    assert events["count"] == 1 and events["results"][0]["event_data"]["email"] == "e@x.test"
