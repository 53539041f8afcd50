"""A Redis cache that degrades to process-local memory instead of failing the request.

Everything that uses the cache (allauth's rate limits, DRF's throttles, health) calls Django's
cache API. With plain RedisCache a Redis that is down turns each of those calls into a
ConnectionError and the request into a 500. This backend catches the connection failure, logs a
warning once, and serves that call and the following ones from a LocMemCache of this process;
after `FALLBACK_RETRY_SECONDS` it tries Redis again. Limits then count per process instead of
across the cluster for a while, which is the right trade for login and the API staying up.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

REDIS_UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError)
DEFAULT_RETRY_SECONDS = 10.0

# Django keeps one cache object per thread; the outage is the process's, so its state (and the
# fallback's memory, shared by name) is kept per Redis location, for every thread at once.
_down_until: dict[str, float] = {}
_lock = threading.Lock()


class FallbackRedisCache(RedisCache):
    """RedisCache whose calls fall back to a LocMemCache while Redis cannot be reached.

    OPTIONS may hold FALLBACK_RETRY_SECONDS (how long to stay on the fallback before trying
    Redis again); the rest goes to redis-py's connection pool as with RedisCache.
    """

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS") or {})
        self.retry_seconds = float(options.pop("FALLBACK_RETRY_SECONDS", DEFAULT_RETRY_SECONDS))
        super().__init__(server, {**params, "OPTIONS": options})
        self._location = server if isinstance(server, str) else ",".join(server)
        self._fallback = LocMemCache(
            f"redis-fallback:{self._location}",
            {key: params[key] for key in ("TIMEOUT", "KEY_PREFIX", "VERSION") if key in params},
        )

    @property
    def degraded(self) -> bool:
        """True while calls are being served from the local fallback."""
        return time.monotonic() < _down_until.get(self._location, 0.0)

    def ping(self) -> None:
        """Reach Redis itself (no fallback); raises when it is unreachable. Used by /health/."""
        try:
            self._cache.get_client(write=True).ping()
        except REDIS_UNAVAILABLE as exc:
            self._went_down(exc)
            raise
        self._recovered()

    def _recovered(self) -> None:
        if self._location in _down_until:
            with _lock:
                if _down_until.pop(self._location, None) is not None:
                    logger.warning("Redis cache reachable again; leaving the local fallback.")

    def _went_down(self, exc: Exception) -> None:
        with _lock:
            first = self._location not in _down_until
            _down_until[self._location] = time.monotonic() + self.retry_seconds
        if first:
            logger.warning(
                "Redis cache unreachable (%s: %s); serving from process-local memory, "
                "retrying Redis every %.0f s.",
                type(exc).__name__,
                exc,
                self.retry_seconds,
            )

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        if not self.degraded:
            try:
                result = getattr(super(), method)(*args, **kwargs)
            except REDIS_UNAVAILABLE as exc:
                self._went_down(exc)
            else:
                self._recovered()
                return result
        return getattr(self._fallback, method)(*args, **kwargs)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version)

    def clear(self):
        # The fallback's contents are stale the moment Redis is back; clear both.
        self._fallback.clear()
        return self._call("clear")


def redis_cache_config(url: str, *, retry_seconds: float = DEFAULT_RETRY_SECONDS) -> dict[str, Any]:
    """CACHES["default"] for a Redis URL: short timeouts, so an outage costs milliseconds."""
    return {
        "BACKEND": "config.cache.FallbackRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "gp",
        "OPTIONS": {
            "socket_connect_timeout": 0.5,
            "socket_timeout": 1.0,
            "FALLBACK_RETRY_SECONDS": retry_seconds,
        },
    }
