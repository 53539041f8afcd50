"""Every write path the code uses leaves an audit row with actor, IP and old/new values."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from events.models import AuditLog, Event
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
    client.get(reverse("admin:events_auditlog_change", args=[entry.pk]))
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
    assert len(body["results"]) >= 1 and all(
        r["table_name"] == "enterprise_orgs" for r in body["results"]
    )
    entry_id = body["results"][0]["id"]
    mark = _mark()
    assert client.get(f"/api/v1/audit-log/{entry_id}/").status_code == 200
    assert _since(mark).filter(operation="SELECT", table_name="audit_log").exists()


@pytest.mark.django_db
def test_the_audit_viewer_filters_and_exports_csv(client, staff, alice, acme):
    client.force_login(staff)
    url = reverse("admin:events_auditlog_changelist")
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
    assert len(events["results"]) == 1 and events["results"][0]["event_data"]["email"] == "e@x.test"


# --- Bulk writes: every .update() / bulk_create on an audited model leaves its rows -------------


def _complete_rows(mark, table, operation, record_ids, actor=None):
    """The records of `record_ids` that have a complete audit row since `mark` (for a request,
    with the actor, IP, user agent and session; for a task, with the changed values)."""
    rows = _since(mark).filter(table_name=table, operation=operation, record_id__in=record_ids)
    found = set()
    for row in rows:
        values = row.new_values if operation != "DELETE" else row.old_values
        if not values:
            continue
        if actor is not None and not (
            row.actor_id == actor.pk
            and row.remote_addr == "127.0.0.1"
            and row.user_agent == UA
            and row.session_id is not None
        ):
            continue
        found.add(row.record_id)
    return found


@pytest.fixture
def bank(db):
    """The small test bank as the active strategic-maturity version (as in assessments' tests)."""
    from scoring.tests.banks import activate_test_bank

    return activate_test_bank()


def _attempt(alice, acme):
    from assessments import services as assessment_services

    return assessment_services.attempt_start(
        user=alice, org=acme, assessment_type="strategic_maturity"
    )


def _answer_all(client, attempt, acme):
    take = reverse("assessments:take", args=[acme.slug, "strategic_maturity", attempt.pk])
    client.post(take, {"page": 0, "t_pipeline": "4", "t_review": "monthly"}, HTTP_USER_AGENT=UA)
    client.post(
        take,
        {
            "page": 1,
            "present__t_channels": "1",
            "t_channels": ["seo", "paid"],
            "t_growth": "12",
            "t_obstacle": "Our sales cycle is too long.",
        },
        HTTP_USER_AGENT=UA,
    )


@pytest.mark.django_db
def test_submitting_audits_every_row_it_changes_in_bulk(client, alice, bob, acme, bank):
    from assessments import services as assessment_services
    from assessments.models import (
        AssessmentAssignment,
        AssessmentDelegation,
        AssessmentInsight,
        QuestionDelegation,
        ReassessmentPrompt,
    )
    from assessments.tests.factories import ReassessmentPromptFactory
    from scoring.models import ScorecardInsight

    attempt = _attempt(alice, acme)
    assignment = AssessmentAssignment.objects.create(
        org=acme, assigned_by=alice, assignee=alice, assessment_type="strategic_maturity"
    )
    assessment_services.questions_delegate(
        attempt=attempt, owner=alice, email=bob.email, question_keys=["t_review"]
    )
    prompt = ReassessmentPromptFactory(user=alice, org=acme, assessment_type="strategic_maturity")
    client.force_login(alice)
    _answer_all(client, attempt, acme)
    mark = _mark()
    response = client.post(
        reverse("assessments:review", args=[acme.slug, "strategic_maturity", attempt.pk]),
        HTTP_USER_AGENT=UA,
    )
    assert response.status_code == 302
    delegation = AssessmentDelegation.objects.get(assessment_id=attempt.pk)
    question = QuestionDelegation.objects.get(assessment_id=attempt.pk)
    assert (delegation.status, question.status) == ("completed", "revoked")
    expected = {
        ("assessment_assignments", "UPDATE"): {assignment.pk},
        ("assessment_delegations", "UPDATE"): {delegation.pk},
        ("question_delegations", "UPDATE"): {question.pk},
        ("reassessment_prompts", "UPDATE"): {prompt.pk},
        ("scorecard_insights", "INSERT"): set(
            ScorecardInsight.objects.values_list("pk", flat=True)
        ),
        ("assessment_insights", "INSERT"): set(
            AssessmentInsight.objects.values_list("pk", flat=True)
        ),
    }
    assert ReassessmentPrompt.objects.get(pk=prompt.pk).status == "completed"
    for (table, operation), ids in expected.items():
        assert ids, table
        assert _complete_rows(mark, table, operation, ids, actor=alice) == ids, table


@pytest.mark.django_db
def test_a_delegated_answer_audits_the_delegation_it_completes(client, alice, bob, acme, bank):
    from assessments import services as assessment_services
    from assessments.models import AssessmentDelegation, QuestionDelegation

    attempt = _attempt(alice, acme)
    assessment_services.questions_delegate(
        attempt=attempt, owner=alice, email=bob.email, question_keys=["t_review"]
    )
    row = QuestionDelegation.objects.get(assessment_id=attempt.pk)
    client.force_login(bob)
    mark = _mark()
    response = client.post(
        reverse("assessments:delegated"),
        {"delegation_id": row.pk, "answer": "weekly"},
        HTTP_USER_AGENT=UA,
    )
    assert response.status_code == 302
    delegation = AssessmentDelegation.objects.get(assessment_id=attempt.pk)
    assert delegation.status == "completed"
    found = _complete_rows(mark, "assessment_delegations", "UPDATE", [delegation.pk], actor=bob)
    assert found == {delegation.pk}


@pytest.mark.django_db
def test_accepting_an_invitation_audits_the_delegations_it_binds(
    client, alice, acme, bank, django_capture_on_commit_callbacks
):
    from django.core import mail

    from accounts.tests.factories import UserFactory
    from assessments import services as assessment_services
    from assessments.models import AssessmentDelegation

    attempt = _attempt(alice, acme)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_services.questions_delegate(
            attempt=attempt, owner=alice, email="cfo@outside.test", question_keys=["t_growth"]
        )
    token = mail.outbox[-1].body.split("/me/invitations/")[1].split("/")[0]
    cfo = UserFactory(email="cfo@outside.test")
    client.force_login(cfo)
    mark = _mark()
    response = client.get(
        reverse("assessments:invitation_accept", args=[token]), HTTP_USER_AGENT=UA
    )
    assert response.status_code == 302
    delegation = AssessmentDelegation.objects.get(assessment_id=attempt.pk)
    assert delegation.delegate == cfo
    found = _complete_rows(mark, "assessment_delegations", "UPDATE", [delegation.pk], actor=cfo)
    assert found == {delegation.pk}


@pytest.mark.django_db
def test_redelegating_and_revoking_audit_the_questions_they_revoke(client, alice, bob, acme, bank):
    from assessments.models import AssessmentDelegation, QuestionDelegation

    attempt = _attempt(alice, acme)
    client.force_login(alice)
    url = reverse("assessments:delegate", args=[acme.slug, "strategic_maturity", attempt.pk])
    form = {"email": bob.email, "question_keys": ["t_review"], "page": "0"}
    client.post(url, form, HTTP_USER_AGENT=UA)
    first = QuestionDelegation.objects.get(assessment_id=attempt.pk)
    mark = _mark()
    client.post(url, form, HTTP_USER_AGENT=UA)  # the same question again: the first is revoked
    assert _complete_rows(mark, "question_delegations", "UPDATE", [first.pk], actor=alice) == {
        first.pk
    }
    second = QuestionDelegation.objects.get(assessment_id=attempt.pk, status="pending")
    delegation = AssessmentDelegation.objects.filter(assessment_id=attempt.pk).latest("created_at")
    mark = _mark()
    response = client.post(
        reverse("assessments:delegation_revoke", args=[acme.slug, delegation.pk]),
        HTTP_USER_AGENT=UA,
    )
    assert response.status_code == 302
    assert _complete_rows(mark, "question_delegations", "UPDATE", [second.pk], actor=alice) == {
        second.pk
    }


@pytest.mark.django_db
def test_a_pulse_audits_each_delegation_it_sends_in_one_insert(client, alice, acme):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.tests.factories import UserFactory
    from assessments.models import PulseDelegation
    from orgs.tests.factories import MembershipFactory

    people = [
        MembershipFactory(org=acme, user=UserFactory(email=f"p{i}@acme.test")).user
        for i in range(3)
    ]
    client.force_login(alice)
    mark = _mark()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            reverse("assessments:pulses", args=[acme.slug]),
            {
                "title": "Q3 pulse",
                "statements": "Strategy is clear",
                "emails": [p.email for p in people],
                "days_open": 7,
            },
            HTTP_USER_AGENT=UA,
        )
    assert response.status_code == 302
    ids = set(PulseDelegation.objects.values_list("pk", flat=True))
    assert len(ids) == 3
    assert _complete_rows(mark, "pulse_delegations", "INSERT", ids, actor=alice) == ids
    audit_inserts = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('INSERT INTO "audit_log"') and "pulse_delegations" in q["sql"]
    ]
    assert len(audit_inserts) == 1


@pytest.mark.django_db
def test_the_admin_audits_the_template_versions_it_deactivates(client, staff, bank):
    import json as json_module

    from assessments.models import AssessmentTemplate

    client.force_login(staff)
    url = reverse("admin:assessments_assessmenttemplate_change", args=[bank.pk])
    form = {
        "assessment_type": bank.assessment_type,
        "version": "test-v2",
        "title": bank.title,
        "description": bank.description,
        "questions": json_module.dumps(bank.questions),
        "rubric": json_module.dumps(bank.rubric),
        "is_active": "on",
        "_saveasnew": "1",
    }
    mark = _mark()
    assert client.post(url, form, HTTP_USER_AGENT=UA).status_code == 302
    assert not AssessmentTemplate.objects.get(pk=bank.pk).is_active
    found = _complete_rows(mark, "assessment_templates", "UPDATE", [bank.pk], actor=staff)
    assert found == {bank.pk}


@pytest.mark.django_db
def test_the_reassessment_task_audits_the_prompts_it_sends(alice, acme):
    from datetime import timedelta

    from django.utils import timezone

    from assessments import tasks
    from assessments.tests.factories import ReassessmentPromptFactory

    prompt = ReassessmentPromptFactory(
        user=alice, org=acme, assessment_type="leadership", due_at=timezone.now() - timedelta(1)
    )
    mark = _mark()
    assert tasks.send_reassessment_prompts() == 1
    assert _complete_rows(mark, "reassessment_prompts", "UPDATE", [prompt.pk]) == {prompt.pk}
    row = _since(mark).get(table_name="reassessment_prompts", record_id=prompt.pk)
    assert row.old_values["status"] == "pending" and row.new_values["status"] == "sent"


@pytest.mark.django_db
def test_a_stripe_event_failure_note_is_audited():
    from django.utils import timezone

    from billing import stripe_events
    from billing.models import StripeEvent

    event = StripeEvent.objects.create(
        id="evt_audit_1", type="invoice.paid", created=timezone.now(), payload={}
    )
    mark = _mark()
    stripe_events.stripe_event_note_failure(event_id=event.pk, error="KeyError: 'customer'")
    rows = _since(mark).filter(table_name="stripe_events", operation="UPDATE")
    assert [r.new_values["error"] for r in rows] == ["KeyError: 'customer'"]


@pytest.mark.django_db
def test_bulk_audit_rows_are_one_insert_per_batch(alice, acme):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from events.audit import AUDIT_INSERT_BATCH, audited_bulk_create, audited_update
    from orgs.models import SecurityAlert

    count = AUDIT_INSERT_BATCH + 5
    alerts = [
        SecurityAlert(org=acme, alert_type="login", severity="low", title=f"A{i}")
        for i in range(count)
    ]
    mark = _mark()
    with CaptureQueriesContext(connection) as queries:
        created = audited_bulk_create(SecurityAlert, alerts)
    audit_inserts = [q for q in queries.captured_queries if 'INSERT INTO "audit_log"' in q["sql"]]
    assert len(created) == count and len(audit_inserts) == 2
    assert _since(mark).filter(table_name="security_alerts", operation="INSERT").count() == count

    mark = _mark()
    with CaptureQueriesContext(connection) as queries:
        updated = audited_update(SecurityAlert.objects.filter(org=acme), severity="high")
    audit_inserts = [q for q in queries.captured_queries if 'INSERT INTO "audit_log"' in q["sql"]]
    assert updated == count and len(audit_inserts) == 2
    rows = _since(mark).filter(table_name="security_alerts", operation="UPDATE")
    assert rows.count() == count
    assert {(r.old_values["severity"], r.new_values["severity"]) for r in rows} == {("low", "high")}


@pytest.mark.django_db
def test_an_update_with_an_expression_records_the_value_the_database_computed(alice, acme):
    from django.db.models import F, Value
    from django.db.models.functions import Concat

    from events.audit import audited_update
    from orgs.models import SecurityAlert

    alert = SecurityAlert.objects.create(org=acme, alert_type="login", severity="low", title="X")
    mark = _mark()
    audited_update(SecurityAlert.objects.filter(pk=alert.pk), title=Concat(F("title"), Value("!")))
    row = _since(mark).get(table_name="security_alerts", operation="UPDATE")
    assert (row.old_values["title"], row.new_values["title"]) == ("X", "X!")
    # Nothing changed: no row.
    mark = _mark()
    audited_update(SecurityAlert.objects.filter(pk=alert.pk), title="X!")
    assert not _since(mark).exists()
