from django.contrib import admin

from billing.models import StripeEvent, Subscription
from config.admin_tools import auto_admin
from notifications.audit import AuditReadsAdminMixin

admin.site.register(
    Subscription,
    auto_admin(
        Subscription,
        bases=(AuditReadsAdminMixin, admin.ModelAdmin),
        list_display=("user", "plan", "status", "billing_cycle", "nextbillingdate", "createdat"),
        list_filter=("status", "plan", "billing_cycle"),
        search_fields=("user__email", "stripe_customer_id", "stripe_subscription_id"),
    ),
)
admin.site.register(
    StripeEvent,
    auto_admin(
        StripeEvent,
        read_only=True,
        list_display=("id", "type", "created", "processed_at", "error"),
        list_filter=("type",),
        search_fields=("id", "type"),
    ),
)
