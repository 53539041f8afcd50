"""intelligence's Celery tasks."""

from __future__ import annotations

from celery import shared_task

from intelligence import digest


@shared_task(unscoped=True, acks_late=True)  # every follower of every industry
def send_digests() -> int:
    """Hourly (CELERY_BEAT_SCHEDULE): the last whole hour's digest; safe to run twice."""
    return digest.digests_send_unscoped()
