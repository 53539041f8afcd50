"""A stripe.HTTPClient that answers like Stripe's API from in-memory objects; nothing leaves the
process. Requests are kept in `calls` for assertions; an unknown route fails the test."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import stripe

from billing.tests import stripe_objects as so


class FakeStripe(stripe.HTTPClient):
    name = "fake"

    def __init__(self):
        super().__init__()
        self.subscriptions: dict[str, dict] = {}
        self.customers: dict[str, dict] = {}
        self.calls: list[tuple[str, str, dict]] = []
        self.fail_with: tuple[int, dict] | None = None

    # What the tests prepare.
    def add_subscription(self, obj: dict) -> dict:
        self.subscriptions[obj["id"]] = obj
        return obj

    def paths(self) -> list[str]:
        return [f"{method} {path}" for method, path, _ in self.calls]

    # stripe.HTTPClient
    def request(self, method, url, headers, post_data=None, *, _usage=None):
        parts = urlsplit(url)
        params = parse_qs(post_data or parts.query or "")
        flat = {key: values[0] if len(values) == 1 else values for key, values in params.items()}
        self.calls.append((method.upper(), parts.path, flat))
        if self.fail_with is not None:
            status, body = self.fail_with
            return json.dumps(body), status, {}
        status, body = self._route(method.upper(), parts.path, flat)
        return json.dumps(body), status, {"request-id": "req_fake"}

    def request_stream(self, method, url, headers, post_data=None, *, _usage=None):
        raise AssertionError("streaming is not used")

    def close(self):
        return None

    def _route(self, method: str, path: str, params: dict) -> tuple[int, dict]:
        if method == "POST" and path == "/v1/customers":
            obj = so.customer(email=params.get("email", ""))
            obj["metadata"] = {"user_id": params.get("metadata[user_id]", "")}
            self.customers[obj["id"]] = obj
            return 200, obj
        if method == "POST" and path == "/v1/checkout/sessions":
            return 200, so.checkout_session(
                customer_id=params.get("customer"), user_id=params.get("client_reference_id", "")
            )
        if method == "POST" and path == "/v1/billing_portal/sessions":
            return 200, so.portal_session(
                customer_id=params["customer"], return_url=params.get("return_url", "")
            )
        match = re.fullmatch(r"/v1/subscriptions/([\w]+)", path)
        if method == "GET" and match:
            obj = self.subscriptions.get(match.group(1))
            if obj is None:
                return 404, {"error": {"type": "invalid_request_error", "code": "resource_missing"}}
            return 200, obj
        if method == "GET" and path == "/v1/subscriptions":
            return 200, self._list(params)
        raise AssertionError(f"FakeStripe has no route for {method} {path}")

    def _list(self, params: dict) -> dict:
        everything = sorted(self.subscriptions.values(), key=lambda s: s["id"])
        after = params.get("starting_after")
        if after:
            everything = [s for s in everything if s["id"] > after]
        limit = int(params.get("limit", 10))
        page = everything[:limit]
        return {
            "object": "list",
            "data": page,
            "has_more": len(everything) > limit,
            "url": "/v1/subscriptions",
        }
