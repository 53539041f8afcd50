"""intelligence's Celery tasks."""

from __future__ import annotations

from celery import shared_task

from intelligence import digest


@shared_task(unscoped=True, acks_late=True)  # every follower of every industry
def send_digests() -> int:
    """Hourly (CELERY_BEAT_SCHEDULE): the last whole hour's digest; safe to run twice."""
    return digest.digests_send_unscoped()


@shared_task(unscoped=True)  # a sweep over the platform's feed sources
def fetch_due_feeds_unscoped() -> int:
    """Every minute (CELERY_BEAT_SCHEDULE): one fetch task per due source, so a slow or dead
    source delays no other. Returns how many were enqueued."""
    from intelligence import ingest

    due = ingest.due_source_ids()
    for source_id in due:
        fetch_feed_source_unscoped.delay(source_id=source_id)
    return len(due)


@shared_task(
    unscoped=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=120,
    time_limit=150,
)
def fetch_feed_source_unscoped(*, source_id: str) -> dict:
    """Fetch one source (idempotent: a source that is not due or is being fetched is skipped)."""
    from intelligence import ingest

    outcome = ingest.feed_source_fetch_unscoped(source_id=source_id)
    return {"status": outcome.status, "new": outcome.new, "error": outcome.error}
