from django.apps import AppConfig

# Apps whose models are the business's data: every one of their models is audited.
AUDITED_APPS = (
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
# The audit log itself, and the event log (a record of actions, not business data).
NOT_AUDITED = {"notifications.AuditLog", "notifications.Event"}


class NotificationsConfig(AppConfig):
    name = "notifications"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.apps import apps

        for model in apps.get_models():
            meta = model._meta
            audited = meta.app_label in AUDITED_APPS and meta.label not in NOT_AUDITED
            if audited and not auditlog.contains(model):
                auditlog.register(model, exclude_fields=["updated_at", "last_login"])
