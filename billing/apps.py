from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "billing"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from billing import entitlements
        from billing.plans import catalogue
        from orgs import plans as org_plans
        from orgs import signals as org_signals

        catalogue()  # a bad BILLING_PLANS / STRIPE_PRICE_* stops start-up with its message
        # orgs' own pages (API keys) are gated by the plan through the same pair as every page.
        org_plans.register_gate(
            required=entitlements.feature_required, offer=entitlements.feature_offer
        )
        # API-key authentication reads the org's plan in its own query (orgs.plans).
        org_plans.register_key_plan(
            annotate=entitlements.key_plan_annotate_unscoped,
            remember=entitlements.key_plan_remember,
        )
        org_signals.org_created.connect(_start_owner_trial, dispatch_uid="billing.owner_trial")


def _start_owner_trial(sender, *, org, owner, **kwargs) -> None:
    from billing.services import subscription_trial_start

    subscription_trial_start(user=owner)
