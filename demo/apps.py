from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data (`manage.py seed_demo`): the top floor, it may import every app and no app
    imports it."""

    name = "demo"
    verbose_name = "Demo data"
