"""Celery application. Tasks run eagerly when REDIS_URL is unset (see settings).

Every task is a `ScopedTask`: the task's one tenancy entry point (config.tenancy). A task that
works on one organisation's rows is called with `org_id=` (and `user_id=`) keyword arguments and
runs in that org's scope; one called with only `user_id=` runs in the user's; a sweep across
organisations declares `unscoped=True` and calls `…_unscoped` services. Anything else runs in
the anonymous scope, where no org- or user-owned row is visible (fail closed).
"""

import os

from celery import Celery, Task

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")


class ScopedTask(Task):
    unscoped = False

    def tenancy_scope(self, kwargs: dict):
        from config import tenancy

        if self.unscoped:
            return tenancy.unscoped()
        if kwargs.get("org_id"):
            return tenancy.org_scope(org=kwargs["org_id"], user=kwargs.get("user_id"))
        if kwargs.get("user_id"):
            return tenancy.user_scope(user=kwargs["user_id"])
        return tenancy.anonymous_scope()

    def __call__(self, *args, **kwargs):
        with self.tenancy_scope(kwargs):
            return super().__call__(*args, **kwargs)


app = Celery("growthplatform", task_cls=ScopedTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
