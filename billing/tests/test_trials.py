"""Trials: a new owner starts one; ended ones expire; the owner is warned once, three days out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from billing import tasks
from billing.entitlements import plan_of_org
from billing.models import Subscription
from billing.tests.factories import subscription_set
from events.models import Event
from orgs import services as org_services
from orgs.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_a_first_time_owner_starts_a_trial(settings, alice):
    settings.TRIAL_DAYS = 14

    org = org_services.org_create(owner=alice, name="Acme", slug="acme")

    row = Subscription.objects.get(user=alice)
    assert (row.plan, row.status) == ("Trial", "trial")
    assert row.nextbillingdate == timezone.localdate() + timedelta(days=14)
    assert plan_of_org(org).name == "Trial"


def test_an_owner_with_a_subscription_keeps_it_when_creating_another_org(alice):
    OrganizationFactory(owner=alice, plan="Growth", plan__cycle="annual")

    org_services.org_create(owner=alice, name="Second", slug="second")

    row = Subscription.objects.get(user=alice)
    assert (row.plan, row.billing_cycle) == ("Growth", "annual")


def test_ended_trials_become_free_and_expired_and_the_task_is_safe_twice():
    org = OrganizationFactory()
    subscription_set(user=org.owner, plan="Trial", days=-1)
    running = OrganizationFactory().owner

    first = tasks.expire_trials()
    second = tasks.expire_trials()

    row = Subscription.objects.get(user=org.owner)
    assert (row.plan, row.status, row.nextbillingdate) == ("Free", "expired", None)
    assert first["expired"] == 1 and second["expired"] == 0
    assert Subscription.objects.get(user=running).status == "trial"
    changed = Event.objects.get(event_type="subscription.changed", user=org.owner)
    assert changed.event_data["previous_plan"] == "Trial"
    assert changed.event_data["link"] == f"/billing/{org.slug}/"


def test_an_ended_trial_not_yet_expired_already_gives_free_features():
    org = OrganizationFactory()
    subscription_set(user=org.owner, plan="Trial", days=-1)

    assert plan_of_org(org).name == "Free"


def test_a_trial_ending_within_three_days_is_warned_once():
    org = OrganizationFactory()
    subscription_set(user=org.owner, plan="Trial", days=3)
    later = OrganizationFactory().owner
    subscription_set(user=later, plan="Trial", days=4)

    tasks.expire_trials()
    tasks.expire_trials()

    [warning] = Event.objects.filter(event_type="trial.ending")
    ends_on = timezone.localdate() + timedelta(days=3)
    assert warning.user == org.owner
    assert warning.event_data == {
        "days_left": 3,
        "ends_on": ends_on.isoformat(),
        "link": f"/billing/{org.slug}/",
    }


def test_a_stripe_run_trial_is_left_to_stripe():
    org = OrganizationFactory()
    subscription_set(user=org.owner, plan="Trial", days=-1, stripe_subscription_id="sub_trial")

    assert tasks.expire_trials()["expired"] == 0
    assert Subscription.objects.get(user=org.owner).status == "trial"


def test_the_tasks_are_late_acknowledged_and_retried_with_a_cap():
    for task in (
        tasks.process_stripe_event,
        tasks.reconcile_subscriptions,
        tasks.expire_trials,
        tasks.process_pending_stripe_events,
    ):
        assert task.acks_late is True, task.name
    assert tasks.process_stripe_event.max_retries == 8
    assert tasks.process_stripe_event.retry_backoff
    assert tasks.expire_trials.max_retries == 5


def test_beat_runs_reconciliation_trial_expiry_and_the_event_sweep(settings):
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "billing.tasks.reconcile_subscriptions",
        "billing.tasks.expire_trials",
        "billing.tasks.process_pending_stripe_events",
    } <= scheduled
