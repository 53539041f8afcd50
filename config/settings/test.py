import os

# Tests run with DEBUG off, like production; they need a key but no real secret.
os.environ.setdefault("SECRET_KEY", "test-only-insecure-key")

from .base import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
CELERY_TASK_ALWAYS_EAGER = True

# WhiteNoise warns about a missing STATIC_ROOT at start-up; tests serve from the finders.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

# pytest-xdist runs the suite in several processes, each with its own test database (pytest-django
# suffixes it with the worker id). Redis needs the same separation: `cache.clear()` flushes a whole
# Redis database, so worker gwN uses the database after REDIS_URL's own, shifted by N + 1.
_xdist_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _xdist_worker.startswith("gw"):  # noqa: F405
    from urllib.parse import urlsplit, urlunsplit

    _parts = urlsplit(REDIS_URL)  # noqa: F405
    _db = (int(_parts.path.strip("/") or 0) + 1 + int(_xdist_worker[2:])) % 16
    REDIS_URL = urlunsplit(_parts._replace(path=f"/{_db}"))
    CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405
    CELERY_BROKER_URL = REDIS_URL
    os.environ["REDIS_URL"] = REDIS_URL  # tests that start a real worker read it from here
