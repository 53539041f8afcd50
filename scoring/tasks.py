"""Work of scoring that must not run inside a request's transaction: the insights provider."""

from __future__ import annotations

import logging

from celery import shared_task

from scoring import services
from scoring.insights import ProviderError

logger = logging.getLogger(__name__)

INSIGHTS_MAX_RETRIES = 4


# Unscoped: it is given the result's id only, and the service learns that one result's owner
# across organisations, then works inside the owner's scope (org_scope, or user_scope for a
# personal result), so nothing else is visible to it.
@shared_task(bind=True, acks_late=True, max_retries=INSIGHTS_MAX_RETRIES, unscoped=True)
def refresh_result_insights(self, result_id: str) -> str:
    """The provider's insight text for one result (ids in; safe to run twice).

    A failing provider is retried with backoff (30 s, 60 s, 120 s, 240 s); after the last try
    the offline text written at scoring stays, and every failure is in ai_analytics."""
    try:
        return services.result_insights_refresh_unscoped(result_id=result_id)
    except ProviderError as exc:
        if self.request.retries >= INSIGHTS_MAX_RETRIES:
            logger.warning("Insights for result %s stay offline: %s", result_id, exc)
            return "offline"
        raise self.retry(exc=exc, countdown=min(600, 30 * 2**self.request.retries)) from exc


def refresh_result_insights_safely(result_id) -> None:
    """Enqueue after commit; a broker outage leaves the offline text, never fails the submit."""
    try:
        refresh_result_insights.delay(str(result_id))
    except Exception:  # the request that scored the result must still succeed
        logger.warning(
            "Insights for result %s stay offline (broker unavailable)", result_id, exc_info=True
        )
