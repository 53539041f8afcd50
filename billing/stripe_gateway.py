"""The only place that talks to Stripe: a StripeClient built from settings, plain dicts out.

Tests install a fake `stripe.HTTPClient` with `use_http_client(...)` (billing/tests/fake_stripe.py
answers with objects of the real shape), so nothing reaches the network. Every call returns plain
dicts so that services and stored payloads never depend on the SDK's object classes.
"""

from __future__ import annotations

import json
import time
from typing import Any

import stripe
from django.conf import settings

# Stripe's own retries for network errors and 409/429/5xx, with its backoff; our task retries sit
# on top of these.
MAX_NETWORK_RETRIES = 2

_http_client: stripe.HTTPClient | None = None


class BillingNotConfigured(Exception):
    """STRIPE_SECRET_KEY is not set: nothing may be sent to Stripe."""


def configured() -> bool:
    return bool(settings.STRIPE_SECRET_KEY)


def webhook_configured() -> bool:
    return bool(settings.STRIPE_WEBHOOK_SECRET)


def use_http_client(client: stripe.HTTPClient | None) -> None:
    """Install the HTTP client the SDK sends through (tests: a fake; None: the SDK's default)."""
    global _http_client
    _http_client = client


def client() -> stripe.StripeClient:
    if not configured():
        raise BillingNotConfigured("Billing is not configured (STRIPE_SECRET_KEY is not set).")
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        http_client=_http_client,
        max_network_retries=MAX_NETWORK_RETRIES,
    )


def _plain(obj) -> dict[str, Any]:
    return obj.to_dict(recursive=True, for_json=True) if hasattr(obj, "to_dict") else dict(obj)


def customer_create(*, email: str, name: str, user_id: str) -> dict[str, Any]:
    customer = client().v1.customers.create(
        params={"email": email, "name": name, "metadata": {"user_id": user_id}},
        options={"idempotency_key": f"customer-create-{user_id}"},
    )
    return _plain(customer)


def checkout_session_create(
    *,
    customer_id: str,
    price_id: str,
    user_id: str,
    success_url: str,
    cancel_url: str,
) -> dict[str, Any]:
    session = client().v1.checkout.sessions.create(
        params={
            "mode": "subscription",
            "customer": customer_id,
            "client_reference_id": user_id,
            "line_items": [{"price": price_id, "quantity": 1}],
            "subscription_data": {"metadata": {"user_id": user_id}},
            "metadata": {"user_id": user_id},
            "success_url": success_url,
            "cancel_url": cancel_url,
        }
    )
    return _plain(session)


def portal_session_create(*, customer_id: str, return_url: str) -> dict[str, Any]:
    session = client().v1.billing_portal.sessions.create(
        params={"customer": customer_id, "return_url": return_url}
    )
    return _plain(session)


def subscription_retrieve(subscription_id: str) -> dict[str, Any]:
    return _plain(client().v1.subscriptions.retrieve(subscription_id))


def subscriptions_list_all() -> list[dict[str, Any]]:
    """Every subscription in the Stripe account, any status (the SDK pages through them)."""
    page = client().v1.subscriptions.list(params={"status": "all", "limit": 100})
    return [_plain(subscription) for subscription in page.auto_paging_iter()]


def event_verify(*, payload: bytes, signature: str) -> dict[str, Any]:
    """The event a webhook carries, after checking its signature and age on the raw body.

    Raises stripe.SignatureVerificationError (forged, tampered, stale, dated in the future or
    unsigned) or ValueError (not JSON). The SDK refuses only signatures that are too old; one
    dated further ahead than the tolerance would stay replayable until then, so it is refused.
    """
    tolerance = settings.STRIPE_WEBHOOK_TOLERANCE_SECONDS
    stripe.WebhookSignature.verify_header(
        payload.decode("utf-8") if isinstance(payload, bytes) else payload,
        signature,
        settings.STRIPE_WEBHOOK_SECRET,
        tolerance=tolerance,
    )
    signed_at = _signature_time(signature)
    if signed_at is None or signed_at > time.time() + tolerance:
        raise stripe.SignatureVerificationError("Timestamp is in the future", signature, payload)
    return json.loads(payload)


def _signature_time(header: str) -> int | None:
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        if key == "t":
            try:
                return int(value)
            except ValueError:
                return None
    return None
