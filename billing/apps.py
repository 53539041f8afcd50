from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "billing"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from billing.plans import catalogue

        catalogue()  # a bad BILLING_PLANS / STRIPE_PRICE_* stops start-up with its message
