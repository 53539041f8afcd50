"""Stripe API objects of the real shape (see ../shared/stripe/fixtures3.json), built per test.

Only the fields our code or a reader needs are filled in, with the same nesting as Stripe's: a
subscription's billing period is on its items (`items.data[].current_period_end`), an invoice's
subscription under `parent.subscription_details`.
"""

from __future__ import annotations

import itertools
import json
import time

import stripe

_ids = itertools.count(1)

PRICE_GROWTH_MONTHLY = "price_test_growth_monthly"
PRICE_GROWTH_ANNUAL = "price_test_growth_annual"
PRICE_SCALE_MONTHLY = "price_test_scale_monthly"
PRICE_SCALE_ANNUAL = "price_test_scale_annual"
WEBHOOK_SECRET = "whsec_test_offline_secret"
DAY = 86_400


def new_id(prefix: str) -> str:
    return f"{prefix}_test{next(_ids):010d}"


def price(price_id: str = PRICE_GROWTH_MONTHLY, *, interval: str = "month") -> dict:
    return {
        "id": price_id,
        "object": "price",
        "active": True,
        "billing_scheme": "per_unit",
        "created": 1721948530,
        "currency": "eur",
        "livemode": False,
        "lookup_key": None,
        "metadata": {},
        "nickname": None,
        "product": "prod_test_growth",
        "recurring": {
            "interval": interval,
            "interval_count": 1,
            "meter": None,
            "usage_type": "licensed",
            "trial_period_days": None,
        },
        "tax_behavior": "unspecified",
        "type": "recurring",
        "unit_amount": 4900,
        "unit_amount_decimal": "4900",
    }


def subscription(
    *,
    sub_id: str | None = None,
    customer: str = "cus_test_default",
    status: str = "active",
    price_id: str = PRICE_GROWTH_MONTHLY,
    interval: str = "month",
    created: int | None = None,
    period_start: int | None = None,
    period_end: int | None = None,
    trial_end: int | None = None,
    metadata: dict | None = None,
    cancel_at_period_end: bool = False,
) -> dict:
    sub_id = sub_id or new_id("sub")
    created = created or int(time.time())
    period_start = period_start or created
    period_end = period_end or period_start + (365 if interval == "year" else 30) * DAY
    return {
        "id": sub_id,
        "object": "subscription",
        "application": None,
        "billing_cycle_anchor": period_start,
        "cancel_at": period_end if cancel_at_period_end else None,
        "cancel_at_period_end": cancel_at_period_end,
        "canceled_at": created if status == "canceled" else None,
        "collection_method": "charge_automatically",
        "created": created,
        "currency": "eur",
        "customer": customer,
        "days_until_due": None,
        "default_payment_method": None,
        "description": None,
        "discounts": [],
        "ended_at": created if status == "canceled" else None,
        "items": {
            "object": "list",
            "data": [
                {
                    "id": new_id("si"),
                    "object": "subscription_item",
                    "created": created,
                    "current_period_start": period_start,
                    "current_period_end": period_end,
                    "discounts": [],
                    "metadata": {},
                    "price": price(price_id, interval=interval),
                    "quantity": 1,
                    "subscription": sub_id,
                    "tax_rates": [],
                }
            ],
            "has_more": False,
            "url": f"/v1/subscription_items?subscription={sub_id}",
        },
        "latest_invoice": None,
        "livemode": False,
        "metadata": metadata or {},
        "pause_collection": None,
        "schedule": None,
        "start_date": created,
        "status": status,
        "test_clock": None,
        "trial_end": trial_end,
        "trial_start": created if trial_end else None,
    }


def customer(*, customer_id: str | None = None, email: str = "owner@example.com") -> dict:
    return {
        "id": customer_id or new_id("cus"),
        "object": "customer",
        "balance": 0,
        "created": int(time.time()),
        "currency": None,
        "delinquent": False,
        "email": email,
        "invoice_prefix": "7FE1103",
        "livemode": False,
        "metadata": {},
        "name": None,
        "tax_exempt": "none",
        "test_clock": None,
    }


def checkout_session(
    *, customer_id: str | None = None, subscription_id: str | None = None, user_id: str = ""
) -> dict:
    session_id = new_id("cs")
    return {
        "id": session_id,
        "object": "checkout.session",
        "cancel_url": "https://example.com/cancel",
        "client_reference_id": user_id or None,
        "created": int(time.time()),
        "currency": "eur",
        "customer": customer_id,
        "customer_email": None,
        "expires_at": int(time.time()) + DAY,
        "livemode": False,
        "metadata": {"user_id": user_id} if user_id else {},
        "mode": "subscription",
        "payment_status": "paid" if subscription_id else "unpaid",
        "status": "complete" if subscription_id else "open",
        "subscription": subscription_id,
        "success_url": "https://example.com/success",
        "url": f"https://checkout.stripe.com/c/pay/{session_id}",
    }


def portal_session(*, customer_id: str, return_url: str = "https://example.com/account") -> dict:
    session_id = new_id("bps")
    return {
        "id": session_id,
        "object": "billing_portal.session",
        "configuration": "bpc_test_default",
        "created": int(time.time()),
        "customer": customer_id,
        "flow": None,
        "livemode": False,
        "locale": None,
        "on_behalf_of": None,
        "return_url": return_url,
        "url": f"https://billing.stripe.com/p/session/{session_id}",
    }


def invoice(*, customer_id: str, subscription_id: str | None = None, amount_due: int = 4900):
    return {
        "id": new_id("in"),
        "object": "invoice",
        "amount_due": amount_due,
        "amount_paid": 0,
        "attempt_count": 1,
        "currency": "eur",
        "customer": customer_id,
        "livemode": False,
        "parent": {
            "type": "subscription_details",
            "quote_details": None,
            "subscription_details": {"metadata": {}, "subscription": subscription_id},
        },
        "status": "open",
    }


def event(event_type: str, obj: dict, *, created: int | None = None, event_id: str = "") -> dict:
    return {
        "id": event_id or new_id("evt"),
        "object": "event",
        "api_version": "2026-10-28.endive",
        "created": created or int(time.time()),
        "data": {"object": obj},
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": event_type,
    }


def signed(event_obj: dict, *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None):
    """(body, Stripe-Signature header) as Stripe would send them."""
    body = json.dumps(event_obj)
    header = stripe.WebhookSignature.generate_signature_header(body, secret, timestamp=timestamp)
    return body, header
