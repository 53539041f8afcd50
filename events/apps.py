from django.apps import AppConfig

# Apps whose models are the business's data: every one of their models is audited, except the
# high-churn tables of events.audit.AUDIT_EXEMPT (each listed with its reason).
AUDITED_APPS = (
    "events",
    "accounts",
    "orgs",
    "assessments",
    "scoring",
    "intelligence",
    "billing",
    "notifications",
    "teams",
    "dashboards",
)


class EventsConfig(AppConfig):
    name = "events"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.apps import apps

        from events.audit import AUDIT_EXEMPT

        for model in apps.get_models():
            meta = model._meta
            audited = meta.app_label in AUDITED_APPS and meta.label not in AUDIT_EXEMPT
            if audited and not auditlog.contains(model):
                auditlog.register(model, exclude_fields=["updated_at", "last_login"])
