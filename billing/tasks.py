"""Celery tasks of billing: ids in, one service call, safe to run twice (acks_late, retried with
backoff up to a cap)."""

from __future__ import annotations

import logging
from datetime import timedelta

import stripe
from celery import shared_task
from django.utils import timezone

from billing import reconcile, selectors, services, stripe_events

logger = logging.getLogger(__name__)

# An event is swept when its own task has not processed it this long after it arrived.
SWEEP_AFTER = timedelta(minutes=2)
SWEEP_BATCH = 500


@shared_task(
    bind=True,
    unscoped=True,  # an event names whichever user Stripe bills
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
)
def process_stripe_event(self, event_id: str) -> str:
    try:
        return stripe_events.stripe_event_process_unscoped(event_id=event_id)
    except Exception as exc:
        retry = stripe_events.stripe_event_note_failure(
            event_id=event_id, error=f"{type(exc).__name__}: {exc}"
        )
        if not retry:
            return "failed"  # given up after MAX_EVENT_ATTEMPTS: shown as failed in the admin
        raise


def process_stripe_event_safely(event_id: str) -> None:
    """Enqueue; with the broker down the event stays unprocessed until the sweep."""
    try:
        process_stripe_event.delay(str(event_id))
    except Exception:  # the webhook has answered Stripe already; never turn this into a 500
        logger.warning("Stripe event %s not handed to a worker now; the sweep will", event_id)


@shared_task(unscoped=True, acks_late=True)
def process_pending_stripe_events() -> int:
    """The sweep: events whose task never ran (broker down, a lost worker) are retried; events
    given up after MAX_EVENT_ATTEMPTS failures (failed_at) are not."""
    pending = selectors.stripe_event_ids_pending(
        received_before=timezone.now() - SWEEP_AFTER, limit=SWEEP_BATCH
    )
    for event_id in pending:
        process_stripe_event_safely(event_id)
    return len(pending)


@shared_task(
    unscoped=True,  # every user's subscription
    acks_late=True,
    autoretry_for=(stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError),
    retry_backoff=60,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=5,
)
def reconcile_subscriptions() -> dict:
    """Daily: Stripe's subscriptions against our rows; logs and returns what it fixed."""
    report = reconcile.subscriptions_reconcile_unscoped().as_dict()
    if not report["configured"]:
        logger.info("Stripe reconciliation skipped: billing is not configured")
    elif report["fixed"] or report["unresolved"] or report["missing"] or report["unknown_price"]:
        logger.warning(
            "Stripe reconciliation: %d checked, %d fixed %s, unresolved %s, missing in Stripe %s, "
            "on a price that is not configured %s",
            report["checked"],
            len(report["fixed"]),
            report["fixed"],
            report["unresolved"],
            report["missing"],
            report["unknown_price"],
        )
    else:
        logger.info("Stripe reconciliation: %d checked, no drift", report["checked"])
    return report


@shared_task(
    unscoped=True,  # every user's trial
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def expire_trials() -> dict:
    """Daily: ended trials become Free; trials ending within three days are warned once."""
    result = services.trials_expire_unscoped()
    logger.info("Trials: %(expired)d expired, %(warned)d warned", result)
    return result
