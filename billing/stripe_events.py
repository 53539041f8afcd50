"""Stripe's webhook events: verified and recorded once (`stripe_event_receive`, the webhook
view), then applied by a task (`stripe_event_process_unscoped`) through a dict of handlers.

A Stripe event concerns whichever user Stripe names, so processing reads across users: the
task is unscoped and the service says so in its name.
"""

from __future__ import annotations

import logging
from typing import Any

import stripe
from django.db import IntegrityError, transaction
from django.utils import timezone

from billing import services
from billing import stripe_gateway as gateway
from billing.models import StripeEvent, Subscription
from billing.selectors import billing_link
from billing.services import (
    MAX_CLOCK_SKEW,
    MAX_EVENT_ATTEMPTS,
    UnresolvableEvent,
    WebhookRejected,
    _id_of,
    _row_from_metadata,
    _subscription_row,
    _trial_warn,
    _ts,
)
from config import tenancy
from events.services import event_record

logger = logging.getLogger(__name__)


# --- Webhook intake ----------------------------------------------------------------------------


def stripe_event_receive(*, payload: bytes, signature: str) -> tuple[StripeEvent | None, bool]:
    """Verify a webhook and record its event once; (event, True) when new, (None, False) for a
    duplicate delivery. The event is processed by a task after the commit."""
    if not gateway.webhook_configured():
        raise WebhookRejected("Stripe webhooks are not configured (STRIPE_WEBHOOK_SECRET).")
    if not signature:
        raise WebhookRejected("The Stripe-Signature header is missing.")
    try:
        data = gateway.event_verify(payload=payload, signature=signature)
    except stripe.SignatureVerificationError:
        raise WebhookRejected("The signature does not match or is too old.") from None
    except ValueError:
        raise WebhookRejected("The body is not JSON.") from None
    fields = _event_fields(data)
    try:
        with transaction.atomic():
            event = StripeEvent.objects.create(payload=data, **fields)
            transaction.on_commit(lambda: _enqueue(event.pk))
    except IntegrityError:
        return None, False  # delivered before: recorded under the unique id already
    return event, True


def _event_fields(data) -> dict[str, Any]:
    """The recorded columns of a verified body, or WebhookRejected when it is no Stripe event
    a handler could read (a signed body can still be a list, lack `data` or carry nonsense)."""
    if not isinstance(data, dict) or data.get("object") != "event":
        raise WebhookRejected("The body is not a Stripe event.")
    event_id, event_type, created = data.get("id"), data.get("type"), data.get("created")
    if not (isinstance(event_id, str) and event_id.strip() and len(event_id) <= 255):
        raise WebhookRejected("The event has no id.")
    if not (isinstance(event_type, str) and event_type.strip() and len(event_type) <= 100):
        raise WebhookRejected("The event has no type.")
    body = data.get("data")
    if not isinstance(body, dict) or not isinstance(body.get("object"), dict):
        raise WebhookRejected("The event has no data.object.")
    if isinstance(created, bool) or not isinstance(created, int) or not 0 < created < 2**32:
        raise WebhookRejected("The event's created time is not a timestamp.")
    moment = _ts(created)
    if moment > timezone.now() + MAX_CLOCK_SKEW:
        raise WebhookRejected("The event's created time is in the future.")
    return {
        "id": event_id,
        "type": event_type,
        "created": moment,
        "livemode": data.get("livemode") is True,
    }


def _enqueue(event_id: str) -> None:
    from billing import tasks

    tasks.process_stripe_event_safely(event_id)


# --- Processing ----------------------------------------------------------------------------------


def stripe_event_process_unscoped(*, event_id: str) -> str:
    """Apply one recorded event; safe to run twice (processed_at marks it done)."""
    with tenancy.unscoped(), transaction.atomic():
        event = StripeEvent.objects.select_for_update().filter(pk=event_id).first()
        if event is None or event.processed_at is not None or event.failed_at is not None:
            return "skipped"
        handler = EVENT_HANDLERS.get(event.type)
        outcome = "ignored"
        event.error = ""
        if handler is not None:
            try:
                with transaction.atomic():
                    outcome = handler(event)
            except UnresolvableEvent as exc:
                logger.warning("Stripe event %s (%s) not applied: %s", event.pk, event.type, exc)
                event.error, outcome = str(exc), "unresolved"
        event.processed_at = timezone.now()
        event.save(update_fields=["processed_at", "error"])
        return outcome


@transaction.atomic
def stripe_event_note_failure(*, event_id: str, error: str) -> bool:
    """Keep the last failure on the event for the admin and count the attempt; True when the
    event may be retried, False once it has had MAX_EVENT_ATTEMPTS (then it is marked failed,
    and neither the task nor the sweep retries it: staff see it under "Failed")."""
    event = (
        StripeEvent.objects.select_for_update()
        .filter(pk=event_id, processed_at__isnull=True, failed_at__isnull=True)
        .first()
    )
    if event is None:
        return False
    event.attempts += 1
    event.error = error[:2000]
    update = ["attempts", "error"]
    if event.attempts >= MAX_EVENT_ATTEMPTS:
        event.failed_at = timezone.now()
        update.append("failed_at")
        logger.error(
            "Stripe event %s (%s) given up after %d attempts", event.pk, event.type, event.attempts
        )
    event.save(update_fields=update)
    return event.failed_at is None


def _on_subscription(event: StripeEvent) -> str:
    return services.subscription_apply(obj=event.payload["data"]["object"], as_of=event.created)


def _on_trial_will_end(event: StripeEvent) -> str:
    outcome = _on_subscription(event)
    row = _subscription_row(event.payload["data"]["object"])
    _trial_warn(row, today=timezone.localdate())
    return outcome


def _on_checkout_completed(event: StripeEvent) -> str:
    """Link the Stripe customer to the buyer, then mirror the new subscription at once (its
    own events follow and are ordered against this read)."""
    session = event.payload["data"]["object"]
    subscription_id = _id_of(session.get("subscription"))
    if session.get("mode") != "subscription" or not subscription_id:
        return "ignored"
    metadata = {"user_id": session.get("client_reference_id") or ""}
    customer_id = _id_of(session.get("customer"))
    row = _row_from_metadata(metadata)
    if row is None and customer_id:
        row = Subscription.objects.filter(stripe_customer_id=customer_id).first()
    if row is None:
        raise UnresolvableEvent(f"Checkout {session.get('id')} names no user or customer of ours.")
    if customer_id and row.stripe_customer_id != customer_id:
        row.stripe_customer_id = customer_id
        row.save(update_fields=["stripe_customer_id"])
    if not gateway.configured():
        return "linked"
    return services.subscription_apply(
        obj=gateway.subscription_retrieve(subscription_id), as_of=timezone.now()
    )


def _on_payment_failed(event: StripeEvent) -> str:
    invoice = event.payload["data"]["object"]
    customer_id = _id_of(invoice.get("customer"))
    row = (
        Subscription.objects.filter(stripe_customer_id=customer_id).select_related("user").first()
        if customer_id
        else None
    )
    if row is None:
        raise UnresolvableEvent(f"No subscription of ours for Stripe customer {customer_id}.")
    event_record(
        event_type="payment.failed",
        source="billing",
        user=row.user,
        data={
            "invoice_id": invoice.get("id"),
            "amount_due": invoice.get("amount_due"),
            "currency": invoice.get("currency"),
            "link": billing_link(row.user_id),
        },
    )
    return "recorded"


EVENT_HANDLERS = {
    "customer.subscription.created": _on_subscription,
    "customer.subscription.updated": _on_subscription,
    "customer.subscription.deleted": _on_subscription,
    "customer.subscription.paused": _on_subscription,
    "customer.subscription.resumed": _on_subscription,
    "customer.subscription.trial_will_end": _on_trial_will_end,
    "checkout.session.completed": _on_checkout_completed,
    "invoice.payment_failed": _on_payment_failed,
}
