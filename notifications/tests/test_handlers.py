"""Each domain event notifies the right people once, with its type, priority and link."""

import uuid

import pytest
from django.conf import settings
from django.core import mail

from accounts.tests.factories import UserFactory
from events import tasks as outbox
from events.models import Event
from intelligence.services import trend_publish
from intelligence.tests.factories import RealtimeSubscriptionFactory
from notifications import tasks
from notifications.models import Notification
from notifications.tests.conftest import notified
from orgs.services import security_alert_raise
from orgs.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_an_assessment_scored_tells_the_taker_once_even_if_recorded_twice(record, alice, acme):
    data = {
        "result_id": "r-1",
        "assessment_type": "sales_performance",
        "assessment_label": "Sales performance",
        "score": "3.40",
        "bracket": "score_3_5",
        "bracket_label": "3.5 (3.25–3.74)",
        "link": "/assessments/results/r-1/",
    }
    record("assessment.scored", user=alice, org=acme, data=data)
    record("assessment.scored", user=alice, org=acme, data=data)  # a producer retried

    n = Notification.objects.get(user=alice, type="assessment_scored")
    assert n.title == "Your Sales performance result is ready"
    assert n.message == (
        "You scored 3.4 — Bracket 3.5 (3.25–3.74). See your strengths, weaknesses and next steps."
    )
    assert (n.priority, n.link, n.is_read) == ("medium", "/assessments/results/r-1/", False)
    assert mail.outbox == []  # medium: not emailed


def test_running_the_task_twice_creates_nothing_new(record, alice, acme):
    event = record("assessment.scored", user=alice, data={"result_id": "r-2", "score": 4})
    Event.objects.filter(pk=event.pk).update(dispatched_at=None)  # as if the commit was lost

    assert outbox.handle_event.apply(args=[str(event.pk)]).get() == 0
    assert outbox.handle_event.apply(args=[str(event.pk)]).get() == 0
    assert Notification.objects.filter(user=alice).count() == 1


def _delegation(**overrides):
    data = {
        "kind": "question",
        "delegation_id": "d-1",
        "delegate_email": "bob@acme.test",
        "delegate_user_id": None,
        "assessment_label": "Strategic maturity",
        "owner_name": "Alice Owner",
        "link": "/assessments/delegations/d-1/",
    }
    return data | overrides


def test_a_delegation_notifies_the_delegate_high_priority_and_emails_them(record, acme, bob):
    record("delegation.received", org=acme, data=_delegation(delegate_user_id=str(bob.pk)))

    assert notified() == [
        ("bob@acme.test", "delegation_received", "high", "/assessments/delegations/d-1/")
    ]
    n = Notification.objects.get(user=bob)
    assert n.title == "Alice Owner delegated a question to you"
    assert "Strategic maturity" in n.message
    assert [m.to for m in mail.outbox] == [["bob@acme.test"]]
    assert mail.outbox[0].subject.endswith("Alice Owner delegated a question to you")
    assert f"{settings.SITE_URL}/assessments/delegations/d-1/" in mail.outbox[0].body
    assert "/profile/" in mail.outbox[0].body  # how to turn these emails off


@pytest.mark.parametrize(
    ("kind", "title"),
    [
        ("assessment", "Alice Owner delegated an assessment to you"),
        ("assignment", "Alice Owner assigned you an assessment"),
    ],
)
def test_each_kind_of_delegation_reads_right(record, acme, bob, kind, title):
    record(
        "delegation.received",
        org=acme,
        data=_delegation(kind=kind, delegate_user_id=str(bob.pk)),
    )
    assert Notification.objects.get(user=bob).title == title


def test_a_delegate_without_an_account_gets_no_notification(record, acme):
    record("delegation.received", org=acme, data=_delegation(delegate_email="new@x.test"))
    assert Notification.objects.count() == 0 and mail.outbox == []


def test_a_rerun_of_a_high_priority_event_sends_no_second_email(record, acme, bob):
    event = record("delegation.received", org=acme, data=_delegation(delegate_user_id=str(bob.pk)))
    Event.objects.filter(pk=event.pk).update(dispatched_at=None)
    outbox.handle_event.apply(args=[str(event.pk)])
    tasks.email_high_priority_notifications.apply(
        args=[[str(Notification.objects.get(user=bob).pk)]]
    )  # the email task delivered twice
    assert len(mail.outbox) == 1


def test_a_user_who_turned_emails_off_is_notified_but_not_emailed(record, acme, bob):
    bob.email_high_priority = False
    bob.save(update_fields=["email_high_priority"])

    record("delegation.received", org=acme, data=_delegation(delegate_user_id=str(bob.pk)))

    assert Notification.objects.filter(user=bob, priority="high").count() == 1
    assert mail.outbox == []


def test_delegation_reminders_are_one_per_date(record, acme, bob):
    data = _delegation(delegate_user_id=str(bob.pk), reminder_date="2026-03-02")
    record("delegation.reminder", org=acme, data=data)
    record("delegation.reminder", org=acme, data=data)
    record("delegation.reminder", org=acme, data=data | {"reminder_date": "2026-03-05"})

    reminders = Notification.objects.filter(user=bob).order_by("idempotency_key")
    assert [n.idempotency_key for n in reminders] == [
        "delegation.reminder:d-1:2026-03-02",
        "delegation.reminder:d-1:2026-03-05",
    ]
    assert {(n.type, n.priority) for n in reminders} == {("delegation_received", "medium")}
    assert reminders[0].title == "Reminder: Alice Owner is waiting for your answer"


def test_an_invitation_reaches_the_account_with_that_email(record, acme, charlie):
    data = {
        "invitation_id": "i-1",
        "email": "Charlie@Globex.test",
        "assessment_label": "Growth readiness",
        "inviter_name": "Alice Owner",
        "link": "/assessments/invitations/i-1/",
    }
    record("invitation.received", org=acme, data=data)
    record("invitation.received", org=acme, data=data | {"invitation_id": "i-2", "email": "x@y.z"})

    assert notified() == [
        ("charlie@globex.test", "invitation_received", "medium", "/assessments/invitations/i-1/")
    ]
    assert Notification.objects.get().title == (
        "Alice Owner invited you to the Growth readiness assessment"
    )


def test_an_org_invitation_to_an_existing_user_shows_in_their_centre(
    django_capture_on_commit_callbacks, acme, alice, charlie
):
    from orgs.models import OrgRole
    from orgs.services import invitation_create

    role = OrgRole.objects.get(org=acme, key="member")
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(org=acme, email="charlie@globex.test", role=role, invited_by=alice)
        invitation_create(org=acme, email="nobody@else.test", role=role, invited_by=alice)

    assert notified() == [("charlie@globex.test", "invitation_received", "medium", "/orgs/new/")]
    assert Notification.objects.get().title == "You are invited to join Acme"


def test_a_pulse_reaches_the_listed_members_and_no_one_from_another_org(
    record, acme, alice, bob, charlie
):
    record(
        "pulse.due",
        org=acme,
        data={
            "pulse_id": "p-1",
            "title": "Monthly pulse",
            "user_ids": [str(alice.pk), str(bob.pk), str(charlie.pk), "not-a-uuid"],
            "link": "/assessments/pulses/p-1/",
        },
    )
    assert notified() == [
        ("alice@acme.test", "pulse_due", "medium", "/assessments/pulses/p-1/"),
        ("bob@acme.test", "pulse_due", "medium", "/assessments/pulses/p-1/"),
    ]
    assert Notification.objects.filter(user=alice).get().title == "Your Monthly pulse is due"


def test_trial_ending_and_payment_failed_are_high_and_emailed(record, alice, acme):
    record(
        "trial.ending",
        user=alice,
        data={"days_left": 3, "ends_on": "2026-04-01", "link": "/billing/"},
    )
    record(
        "payment.failed",
        user=alice,
        data={"invoice_id": "in_1", "amount_due": 4900, "currency": "usd", "link": "/billing/"},
    )
    assert notified() == [
        ("alice@acme.test", "payment_failed", "high", "/billing/"),
        ("alice@acme.test", "trial_ending", "high", "/billing/"),
    ]
    assert Notification.objects.get(type="trial_ending").title == "Your trial ends in 3 days"
    assert "49.00 USD" in Notification.objects.get(type="payment_failed").message
    assert sorted(m.subject for m in mail.outbox) == [
        "[Growth Platform] Your payment failed",
        "[Growth Platform] Your trial ends in 3 days",
    ]


def test_a_subscription_change_is_medium(record, alice):
    record(
        "subscription.changed",
        user=alice,
        data={
            "plan": "Growth",
            "status": "active",
            "previous_plan": "Starter",
            "previous_status": "active",
            "link": "/billing/",
        },
    )
    n = Notification.objects.get(user=alice)
    assert (n.type, n.priority, n.message) == (
        "subscription_changed",
        "medium",
        "You moved from Starter to Growth.",
    )


def test_a_security_alert_reaches_the_owner_and_admins_only(
    django_capture_on_commit_callbacks, acme, alice, bob, charlie
):
    admin = MembershipFactory(org=acme, role_key="admin").user
    MembershipFactory(org=acme, role_key="viewer")

    with django_capture_on_commit_callbacks(execute=True):
        alert = security_alert_raise(
            org=acme, alert_type="login.new_location", severity="critical", title="Odd sign-in"
        )

    assert notified() == sorted(
        [
            ("alice@acme.test", "security_alert", "high", "/orgs/acme/security/"),
            (admin.email, "security_alert", "high", "/orgs/acme/security/"),
        ]
    )
    assert Notification.objects.filter(idempotency_key=f"security.alert:{alert.pk}").count() == 2
    assert Notification.objects.filter(user__in=[bob, charlie]).count() == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(["alice@acme.test", admin.email])


def test_a_low_severity_alert_is_medium_priority_and_not_emailed(record, acme, alice):
    record(
        "security.alert",
        org=acme,
        data={"alert_id": str(uuid.uuid4()), "severity": "low", "title": "Password changed"},
    )
    assert notified() == [("alice@acme.test", "security_alert", "medium", "")]
    assert mail.outbox == []


def test_a_new_trend_notifies_nobody_by_itself_the_hourly_digest_does(
    django_capture_on_commit_callbacks, alice, bob, charlie
):
    from datetime import timedelta

    from django.utils import timezone

    from intelligence.digest import digests_send_unscoped

    RealtimeSubscriptionFactory(user=alice, industry="saas", topic="pricing")
    RealtimeSubscriptionFactory(user=alice, industry="saas", topic="hiring")  # follows twice
    RealtimeSubscriptionFactory(user=bob, industry="saas", is_active=False)
    RealtimeSubscriptionFactory(user=charlie, industry="healthcare")

    with django_capture_on_commit_callbacks(execute=True):
        trend_publish(title="Usage-based pricing", insight="…", industry="saas")
        trend_publish(title="Seat pricing fades", insight="…", industry="saas")
    assert notified() == []

    digests_send_unscoped(now=timezone.now() + timedelta(hours=1))

    assert notified() == [("alice@acme.test", "industry_trend", "low", "/dashboard/")]
    n = Notification.objects.get()
    assert n.title == "2 new items in saas"
    assert "Usage-based pricing" in n.message and "Seat pricing fades" in n.message


def test_a_link_that_is_not_a_path_on_this_site_is_dropped(record, alice):
    record(
        "assessment.scored",
        user=alice,
        data={"result_id": "r-9", "score": 2, "link": "javascript:alert(1)"},
    )
    record("assessment.scored", user=alice, data={"result_id": "r-10", "link": "//evil.test/"})
    assert set(Notification.objects.values_list("link", flat=True)) == {""}


def test_an_event_missing_its_subject_is_skipped_and_marked_handled(record, alice):
    event = record("assessment.scored", user=alice, data={"score": 3})
    event.refresh_from_db()
    assert event.dispatched_at is not None
    assert Notification.objects.count() == 0


def test_an_inactive_user_is_not_notified(record, alice):
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    record("payment.failed", user=alice, data={"invoice_id": "in_2", "amount_due": 100})
    assert Notification.objects.count() == 0 and mail.outbox == []


def test_every_notification_type_but_system_has_a_handler():
    from notifications.models import NotificationType
    from notifications.registry import HANDLERS

    assert set(HANDLERS) >= {
        "assessment.scored",
        "delegation.received",
        "delegation.reminder",
        "invitation.received",
        "pulse.due",
        "trial.ending",
        "payment.failed",
        "subscription.changed",
        "security.alert",
        "trend.new",
    }
    assert all(outbox.EVENT_HANDLERS[t] for t in HANDLERS)
    assert {t for t in NotificationType.values if t != "system"} <= {
        "assessment_scored",
        "delegation_received",
        "invitation_received",
        "pulse_due",
        "trial_ending",
        "payment_failed",
        "subscription_changed",
        "security_alert",
        "industry_trend",
    }


def test_a_user_of_another_org_is_never_a_recipient_by_user_id_alone(record, acme, charlie):
    """A producer bug passing another org's user to an org-scoped fan-out changes nothing."""
    other = UserFactory()
    record(
        "pulse.due",
        org=acme,
        data={"pulse_id": "p-2", "title": "Pulse", "user_ids": [str(other.pk), str(charlie.pk)]},
    )
    assert Notification.objects.count() == 0


def test_a_scored_notification_names_the_bracket_by_its_label_never_its_key(
    alice, acme, django_capture_on_commit_callbacks
):
    """Through the real producer: scoring a result records the event the handler reads."""
    from assessments import services as assessment_services
    from scoring.tests.banks import FULL_ANSWERS, activate_test_bank

    activate_test_bank()
    attempt = assessment_services.attempt_start(
        user=alice, org=acme, assessment_type="strategic_maturity"
    )
    assessment_services.attempt_save_answers(
        attempt=attempt,
        user=alice,
        answers=FULL_ANSWERS,
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = assessment_services.attempt_submit(attempt=attempt, user=alice)
    n = Notification.objects.get(user=alice, type="assessment_scored")
    assert result.bracket == "score_3_5"
    assert n.message.startswith(f"You scored {result.score} — Bracket 3.5 (3.25–3.74).")
    assert "score_" not in n.message and n.link == f"/assessments/acme/results/{result.pk}/"


@pytest.mark.parametrize(
    ("bracket", "shown"),
    [("score_4", "Bracket 4."), ("score_4_5", "Bracket 4.5."), ("nonsense", "3.9. See")],
)
def test_an_older_scored_event_with_only_the_key_still_shows_no_key(record, alice, bracket, shown):
    data = {"result_id": f"r-{bracket}", "score": "3.9", "bracket": bracket}
    record("assessment.scored", user=alice, data=data)
    message = Notification.objects.get(user=alice).message
    assert shown in message and "score_" not in message and "nonsense" not in message


def test_an_org_invitation_names_the_role_not_its_key(
    django_capture_on_commit_callbacks, acme, alice, charlie
):
    from orgs.services import invitation_create, role_create

    role = role_create(org=acme, name="Board analyst", permissions=["org.view"], actor=alice)
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(org=acme, email="charlie@globex.test", role=role, invited_by=alice)
    message = Notification.objects.get(user=charlie).message
    assert message == "Join Acme as Board analyst from your invitations."
