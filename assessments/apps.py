from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from assessments import receivers
        from scoring import attempts, signals

        signals.result_scored.connect(receivers.on_result_scored, dispatch_uid="assessments")
        signals.result_viewed.connect(receivers.on_result_viewed, dispatch_uid="assessments")
        attempts.register_loader(receivers.scored_attempt)
