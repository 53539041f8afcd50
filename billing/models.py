"""subscriptions (seed §6.1) and the Stripe events billing has processed."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.functions import Now

from config import tenancy
from config.modeling import choice_check, created_at_field


class SubscriptionStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    TRIAL = "trial", "Trial"
    CANCELLED = "cancelled", "Cancelled"
    EXPIRED = "expired", "Expired"


class BillingCycle(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    ANNUAL = "annual", "Annual"


TRIAL_PLAN = "Trial"
FREE_PLAN = "Free"


class PlainJSONField(models.JSONField):
    """A `json` column (not jsonb), as the seed types subscriptions.stripe_data."""

    def db_type(self, connection) -> str:
        return "json"

    def from_db_value(self, value, expression, connection):
        # psycopg decodes `json` columns itself (Django only keeps `jsonb` as text).
        if value is None or not isinstance(value, str | bytes):
            return value
        return super().from_db_value(value, expression, connection)


class SubscriptionManager(tenancy.UserOwnedManager):
    """A subscription is its user's row (u_id, no org column), and an organisation's plan is its
    owner's subscription: in an org scope the members see their own row and the org owner's.
    """

    def scope_filter(self, state):
        own = super().scope_filter(state)
        org = state.get(tenancy.ORG)
        if own is None or org is None:
            return own
        from orgs.models import Organization  # the tenant root (global), by the org of the scope

        owner = Organization.objects.filter(pk=org).values("owner_id")
        return own | models.Q(user_id__in=owner)


class Subscription(models.Model):
    """One subscription per user.

    The seed's rules contradict each other: defaults plan 'Free' and status 'trial', yet "trial
    subscriptions must have the 'trial' plan". The rule kept: a trial is on the 'Trial' plan and
    only a trial is (subscriptions_trial_plan_check, both ways); the column defaults keep the
    seed's plan 'Free' and the status default becomes 'active', so a default row is a valid
    free subscription. docs/data-model.md records this.
    """

    sub_id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        db_column="u_id",
        on_delete=models.CASCADE,
        related_name="subscription",
    )
    plan = models.TextField(default=FREE_PLAN, db_default=FREE_PLAN)
    status = models.TextField(
        choices=SubscriptionStatus.choices,
        default=SubscriptionStatus.ACTIVE,
        db_default=SubscriptionStatus.ACTIVE,
    )
    nextbillingdate = models.DateField(null=True, blank=True)
    createdat = created_at_field()
    billing_cycle = models.TextField(
        db_column="billingCycle", choices=BillingCycle.choices, null=True, blank=True
    )
    stripe_subscription_id = models.CharField(max_length=255, null=True, blank=True)
    stripe_customer_id = models.CharField(max_length=255, null=True, blank=True)
    stripe_data = PlainJSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    # When the Stripe state above was last set from an event: an older event never overwrites.
    stripe_synced_at = models.DateTimeField(null=True, blank=True)
    # The Stripe price id of a live subscription that is none of the STRIPE_PRICE_* settings:
    # its status is mirrored, its plan kept, and staff see it flagged in the admin ("" = fine).
    stripe_unknown_price = models.CharField(max_length=255, blank=True, default="", db_default="")

    objects = SubscriptionManager()
    objects_unscoped = tenancy.UnscopedManager()

    class Meta:
        db_table = "subscriptions"
        ordering = ["-createdat"]
        constraints = [
            choice_check("subscriptions", "status", SubscriptionStatus),
            models.CheckConstraint(
                condition=(models.Q(status="trial") & models.Q(plan=TRIAL_PLAN))
                | (~models.Q(status="trial") & ~models.Q(plan=TRIAL_PLAN)),
                name="subscriptions_trial_plan_check",
            ),
            models.UniqueConstraint(fields=["user"], name="subscriptions_u_id_uniq"),
        ]
        indexes = [
            models.Index(fields=["status"], name="subscriptions_status_idx"),
            models.Index(fields=["user"], name="subscriptions_u_id_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} ({self.status})"


class StripeEvent(models.Model):
    """stripe_events: each Stripe webhook event id recorded once, and how it was handled."""

    id = models.CharField(primary_key=True, max_length=255)
    type = models.CharField(max_length=100)
    created = models.DateTimeField()
    livemode = models.BooleanField(default=False)
    payload = models.JSONField()
    received_at = models.DateTimeField(db_default=Now())
    processed_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True, default="")
    # Failed processing attempts; at MAX_EVENT_ATTEMPTS the event is given up (failed_at) and
    # neither its task nor the sweep retries it again.
    attempts = models.PositiveIntegerField(default=0, db_default=0)
    failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "stripe_events"
        ordering = ["-created"]
        indexes = [models.Index(fields=["type"], name="stripe_events_type_idx")]

    def __str__(self) -> str:
        return f"{self.type} {self.id}"
