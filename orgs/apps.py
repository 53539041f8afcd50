from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "orgs"
    verbose_name = "Organisations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from orgs import security
        from orgs.api import schema  # noqa: F401  (registers the API-key scheme with the schema)

        user_logged_in.connect(security.on_user_logged_in, dispatch_uid="orgs.security.logged_in")
        user_login_failed.connect(
            security.on_user_login_failed, dispatch_uid="orgs.security.login_failed"
        )
