from django.apps import AppConfig


class IntelligenceConfig(AppConfig):
    name = "intelligence"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from intelligence.handlers import register_handlers

        register_handlers()
