"""The database refuses what the seed forbids in part B's tables; the admin shows field errors."""

import uuid

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from accounts.tests.factories import UserFactory
from billing.models import Subscription
from billing.tests.factories import SubscriptionFactory
from dashboards.models import DashboardAnalytics
from events.models import AuditLog
from notifications.models import Notification
from teams.models import TeamMember
from teams.tests.factories import TeamMemberFactory


def _refused(create) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


@pytest.mark.django_db
def test_one_subscription_per_user():
    subscription = SubscriptionFactory()
    _refused(lambda: Subscription.objects.create(user=subscription.user))


@pytest.mark.parametrize(
    ("plan", "status"),
    [("Free", "paused"), ("Free", "trial"), ("Trial", "active"), ("Pro", "trial")],
)
@pytest.mark.django_db
def test_unknown_status_and_the_trial_rule_are_refused(plan, status):
    user = UserFactory()
    _refused(lambda: Subscription.objects.create(user=user, plan=plan, status=status))


@pytest.mark.django_db
def test_a_trial_on_the_trial_plan_is_accepted():
    assert Subscription.objects.create(user=UserFactory(), plan="Trial", status="trial").pk


@pytest.mark.django_db
def test_a_duplicate_team_member_and_unknown_department_or_role_are_refused():
    member = TeamMemberFactory()
    _refused(
        lambda: TeamMember.objects.create(
            owner=member.owner, member_email=member.member_email, role="analyst", department="sales"
        )
    )
    _refused(lambda: TeamMemberFactory(owner=member.owner, department="astrology"))
    _refused(lambda: TeamMemberFactory(owner=member.owner, role="wizard"))


@pytest.mark.django_db
def test_unknown_priority_event_type_and_audit_operation_are_refused():
    user = UserFactory()
    _refused(lambda: Notification.objects.create(user=user, title="x", priority="urgent"))
    _refused(
        lambda: DashboardAnalytics.objects.create(user=user, event_type="click", widget_id="w")
    )
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_log (table_name, operation, object_repr, action, timestamp) "
            "VALUES ('x', 'TRUNCATE', 'x', 0, now())"
        )


@pytest.mark.django_db
def test_documented_defaults_live_in_the_database():
    user = UserFactory()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO subscriptions (sub_id, u_id) VALUES (%s, %s)", [uuid.uuid4(), user.pk]
        )
        cursor.execute("SELECT plan, status FROM subscriptions WHERE u_id = %s", [user.pk])
        assert cursor.fetchone() == ("Free", "active")
        cursor.execute(
            "INSERT INTO notifications (id, u_id, type, title) VALUES (%s, %s, 'system', 'Hi')",
            [uuid.uuid4(), user.pk],
        )
        cursor.execute("SELECT is_read, priority FROM notifications WHERE u_id = %s", [user.pk])
        assert cursor.fetchone() == (False, "medium")
        cursor.execute(
            "INSERT INTO events (id, event_type) VALUES (%s, 'x') "
            "RETURNING jsonb_typeof(event_data), event_data = '{}'::jsonb",
            [uuid.uuid4()],
        )
        assert cursor.fetchone() == ("object", True)
        cursor.execute(
            "INSERT INTO realtime_marketing_playbook (id, insight) VALUES (%s, 'x') "
            "RETURNING title, source",
            [uuid.uuid4()],
        )
        assert cursor.fetchone() == ("🧠 Tactical Marketing Playbook", "GPT + Curated URLs")
        cursor.execute(
            "INSERT INTO growth_simulations (id, simulation_type) VALUES (%s, 'x') "
            "RETURNING status",
            [uuid.uuid4()],
        )
        assert cursor.fetchone() == ("completed",)


@pytest.mark.parametrize("table", ["enterprise_orgs", "notifications", "team_members"])
@pytest.mark.django_db
def test_updated_at_moves_on_a_raw_sql_update(table, acme):
    from notifications.tests.factories import NotificationFactory

    row_id = {
        "enterprise_orgs": lambda: acme.pk,
        "notifications": lambda: NotificationFactory().pk,
        "team_members": lambda: TeamMemberFactory().pk,
    }[table]()
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET updated_at = now() - interval '1 day' WHERE id = %s", [row_id]
        )  # noqa: S608
        cursor.execute(f"UPDATE {table} SET created_at = created_at WHERE id = %s", [row_id])  # noqa: S608
        cursor.execute(
            f"SELECT updated_at > now() - interval '1 minute' FROM {table} WHERE id = %s", [row_id]
        )  # noqa: S608
        assert cursor.fetchone() == (True,)


@pytest.mark.django_db
def test_auditlog_writes_into_audit_log_with_the_seed_columns(acme, alice):
    from auditlog.context import set_actor

    with set_actor(alice, remote_addr="203.0.113.9"):
        AuditLog.objects.log_create(
            acme,
            force_log=True,
            action=AuditLog.Action.UPDATE,
            changes={"name": ["Acme", "Acme Two"], "sso_config": ["{}", '{"secret": "s"}']},
        )
    entry = AuditLog.objects.filter(remote_addr="203.0.113.9").get()
    assert (entry.operation, entry.table_name, entry.record_id) == (
        "UPDATE",
        "enterprise_orgs",
        acme.pk,
    )
    assert entry.actor_id == alice.pk and entry.remote_addr == "203.0.113.9"
    assert entry.old_values["name"] == "Acme" and entry.new_values["name"] == "Acme Two"
    assert entry.new_values["sso_config"] == "***"  # secrets are masked


@pytest.mark.parametrize(
    ("admin_name", "data", "field"),
    [
        ("admin:billing_subscription_add", {"plan": "Free", "status": "paused"}, "status"),
        (
            "admin:notifications_notification_add",
            {"title": "x", "type": "system", "priority": "urgent"},
            "priority",
        ),
        (
            "admin:teams_teammember_add",
            {"member_email": "a@b.c", "role": "wizard", "department": "sales", "permissions": "{}"},
            "role",
        ),
        (
            "admin:dashboards_dashboardanalytics_add",
            {"event_type": "click", "widget_id": "w"},
            "event_type",
        ),
    ],
)
@pytest.mark.django_db
def test_the_admin_shows_a_field_error_instead_of_a_500(client, staff, admin_name, data, field):
    client.force_login(staff)
    owner = UserFactory()
    data = {**data, "user": owner.pk, "owner": owner.pk}
    response = client.post(reverse(admin_name), data)
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors


@pytest.mark.django_db
def test_the_admin_refuses_a_second_subscription_and_a_duplicate_team_member(client, staff):
    client.force_login(staff)
    subscription = SubscriptionFactory()
    response = client.post(
        reverse("admin:billing_subscription_add"),
        {"user": subscription.user.pk, "plan": "Free", "status": "active"},
    )
    assert response.status_code == 200 and response.context["adminform"].form.errors
    member = TeamMemberFactory()
    response = client.post(
        reverse("admin:teams_teammember_add"),
        {
            "owner": member.owner.pk,
            "member_email": member.member_email,
            "role": "analyst",
            "department": "sales",
            "permissions": "{}",
        },
    )
    assert response.status_code == 200 and response.context["adminform"].form.errors
