"""Point the project's Celery app at another broker for one test, and put everything back."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from kombu import pools

from config.celery import app

# Nothing listens on port 1: connecting fails at once, like a Redis that is down.
DEAD_BROKER = "redis://127.0.0.1:1/0"


@contextmanager
def celery_broker(url: str, *, eager: bool = False, **conf) -> Iterator:
    overrides = {"broker_url": url, "task_always_eager": eager, **conf}
    saved = {key: app.conf[key] for key in overrides}
    consume_from = app.amqp.queues._consume_from
    _drop_connections()
    app.conf.update(overrides)
    try:
        yield app
    finally:
        _drop_connections()
        app.conf.update(saved)
        app.amqp.queues._consume_from = consume_from


def _drop_connections() -> None:
    """Producers and connections are pooled per broker: forget the old broker's."""
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    pools.reset()
