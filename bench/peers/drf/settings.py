"""Settings of the naive DRF peer: the least a DRF project needs, persistent connections."""

import os
from urllib.parse import urlsplit

_db = urlsplit(os.environ.get("BENCH_DB", "postgres://postgres@127.0.0.1:5432/none"))
SECRET_KEY = "bench-drf-peer-not-a-secret"  # noqa: S105 (signs nothing: no sessions, no forms)
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "bench.peers.drf.urls"
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "rest_framework",
    "bench.peers.drf",
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": _db.path.lstrip("/"),
        "USER": _db.username or "postgres",
        "PASSWORD": _db.password or "",
        "HOST": _db.hostname or "127.0.0.1",
        "PORT": _db.port or 5432,
        "CONN_MAX_AGE": 60,
    }
}
USE_TZ = True
TIME_ZONE = "UTC"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["bench.peers.drf.auth.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["bench.peers.drf.auth.MemberWithApiPlan"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": None,
}
