"""Gunicorn's settings for `scripts/serve web`: Django's ASGI application under uvicorn workers.

Every value comes from the environment (docs/deploy.md lists them), read through config.env so
that a bad value stops start-up with a message naming the variable, and `.env` counts as it does
for the settings.
"""

from __future__ import annotations

import os

from config.env import env_bool, env_int, env_str

wsgi_app = "config.asgi:application"
worker_class = "uvicorn_worker.UvicornWorker"

# Django's sync code (every view and middleware here) runs in one thread per worker under ASGI,
# so a worker waiting on PostgreSQL serves nobody else: two per core, plus one.
workers = env_int("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1, minimum=1)
bind = [f"{env_str('HOST', '127.0.0.1')}:{env_int('PORT', 8000, minimum=1)}"]
backlog = 2048

# Load Django once in the arbiter, then fork: workers share its pages and an import error stops
# start-up instead of a crash loop. Nothing opens a connection at import time.
preload_app = env_bool("WEB_PRELOAD", True)

# A request longer than this is killed (its worker restarted); keep-alive suits a balancer.
timeout = env_int("WEB_TIMEOUT", 30, minimum=1)
graceful_timeout = env_int("WEB_GRACEFUL_TIMEOUT", 30, minimum=1)
keepalive = env_int("WEB_KEEPALIVE", 5, minimum=1)
# A worker is replaced after this many requests (plus up to 10 % jitter, so they do not all
# restart together): a bound on slow growth of memory. 0 turns it off.
max_requests = env_int("WEB_MAX_REQUESTS", 10_000, minimum=0)
max_requests_jitter = max_requests // 10

# X-Forwarded-For/-Proto are believed only from these addresses (the balancer), as uvicorn does.
forwarded_allow_ips = env_str("FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = "-" if env_bool("WEB_ACCESS_LOG", True) else None
errorlog = "-"
loglevel = env_str("LOG_LEVEL", "INFO").lower()
proc_name = "growthplatform-web"
# The heartbeat file lives in memory where there is one (a container's /tmp may be a slow layer).
_SHM = "/dev/shm"  # noqa: S108 (gunicorn writes only its own heartbeat files there)
worker_tmp_dir = _SHM if os.path.isdir(_SHM) else None
# Gunicorn's control socket (one path per user) would make a second server on the same host
# fail or take over the first's; nothing here uses it.
control_socket_disable = True
