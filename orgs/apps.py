from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "orgs"
    verbose_name = "Organisations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from orgs.api import schema  # noqa: F401  (registers the API-key scheme with the schema)
