from django.contrib import admin

from billing.models import StripeEvent, Subscription
from config.admin_tools import auto_admin
from events.audit import AuditReadsAdminMixin


class StripeLinkFilter(admin.SimpleListFilter):
    title = "Stripe"
    parameter_name = "stripe"

    def lookups(self, request, model_admin):
        return (("linked", "Has a Stripe subscription"), ("local", "No Stripe subscription"))

    def queryset(self, request, queryset):
        if self.value() == "linked":
            return queryset.filter(stripe_subscription_id__isnull=False)
        if self.value() == "local":
            return queryset.filter(stripe_subscription_id__isnull=True)
        return queryset


class UnknownPriceFilter(admin.SimpleListFilter):
    """Subscriptions Stripe runs on a price none of the STRIPE_PRICE_* settings names."""

    title = "price"
    parameter_name = "price"

    def lookups(self, request, model_admin):
        return (("unknown", "Price not configured (needs attention)"),)

    def queryset(self, request, queryset):
        if self.value() == "unknown":
            return queryset.exclude(stripe_unknown_price="")
        return queryset


class EventOutcomeFilter(admin.SimpleListFilter):
    """Where to look first: events waiting for a worker, and events reported with an error."""

    title = "outcome"
    parameter_name = "outcome"

    def lookups(self, request, model_admin):
        return (
            ("pending", "Not processed yet"),
            ("failed", "Failed (given up after its attempts)"),
            ("error", "Reported an error"),
            ("ok", "Processed"),
        )

    def queryset(self, request, queryset):
        if self.value() == "pending":
            return queryset.filter(processed_at__isnull=True, failed_at__isnull=True)
        if self.value() == "failed":
            return queryset.filter(failed_at__isnull=False)
        if self.value() == "error":
            return queryset.filter(processed_at__isnull=False).exclude(error="")
        if self.value() == "ok":
            return queryset.filter(processed_at__isnull=False, error="")
        return queryset


admin.site.register(
    Subscription,
    auto_admin(
        Subscription,
        bases=(AuditReadsAdminMixin, admin.ModelAdmin),
        list_display=(
            "user",
            "plan",
            "status",
            "billing_cycle",
            "nextbillingdate",
            "stripe_synced_at",
            "stripe_unknown_price",
            "createdat",
        ),
        list_filter=("status", "plan", "billing_cycle", StripeLinkFilter, UnknownPriceFilter),
        search_fields=("user__email", "stripe_customer_id", "stripe_subscription_id"),
        # Stripe owns these: they change through its events and the daily reconciliation.
        readonly_fields=("createdat", "stripe_data", "stripe_synced_at", "stripe_unknown_price"),
    ),
)
admin.site.register(
    StripeEvent,
    auto_admin(
        StripeEvent,
        read_only=True,
        list_display=(
            "id",
            "type",
            "created",
            "received_at",
            "processed_at",
            "attempts",
            "failed_at",
            "error",
        ),
        list_filter=(EventOutcomeFilter, "type", "livemode"),
        search_fields=("id", "type"),
        date_hierarchy="created",
    ),
)
