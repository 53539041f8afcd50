"""The ASGI application: what `scripts/serve web` runs (gunicorn, uvicorn workers).

Django runs the sync middleware and views of a request in one thread of their own, so the portal
middleware's tenancy scope (a context variable) covers the view, its templates and, re-opened by
the middleware, a streamed body (config/tests/test_serving.py reads an org page through it).
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

from django.core.asgi import get_asgi_application  # noqa: E402

application = get_asgi_application()
