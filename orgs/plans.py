"""Plan gates on orgs' own pages, enforced by the app that sells plans.

Plans live in billing, a floor above orgs, so orgs may not ask billing whether a feature is
included. Billing registers its portal gate here when it loads (`billing.apps`), the same
`billing.entitlements.feature_required` / `feature_offer` pair every other portal page uses.
Without a registered gate a gated page fails closed (ImproperlyConfigured), never open.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps

from django.core.exceptions import ImproperlyConfigured

# The features orgs' pages need, by their catalogue key (billing.plans.Feature values).
API = "api"

_gate: dict[str, Callable] = {}


def register_gate(*, required: Callable, offer: Callable) -> None:
    """Billing's `feature_required(feature, methods=)` decorator and `feature_offer` reader."""
    _gate["required"] = required
    _gate["offer"] = offer


def _registered(name: str) -> Callable:
    try:
        return _gate[name]
    except KeyError:
        raise ImproperlyConfigured(
            "No plan gate is registered (billing.apps registers it): orgs' gated pages refuse."
        ) from None


def feature_required(feature: str, *, methods: Iterable[str] | None = None):
    """Gate a portal view on the org's plan; the gate is looked up when the view is called."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            gated = _registered("required")(feature, methods=methods)(view)
            return gated(request, *args, **kwargs)

        wrapped.plan_feature = str(feature)
        return wrapped

    return decorator


def feature_offer(request, org, feature: str):
    """None when the org's plan includes `feature`; else what the page offers instead."""
    return _registered("offer")(request, org, feature)


# API-key authentication reads the key, its creator's membership and the org's plan in one
# query (orgs.selectors.api_key_for_request_unscoped): billing adds the plan's columns to that
# query and reads them back into its per-org plan cache. Unregistered, nothing is added and the
# plan is read by billing's own query later (slower, never open).
_key_plan: dict[str, Callable] = {}


def register_key_plan(*, annotate: Callable, remember: Callable) -> None:
    """`annotate(keys_queryset) -> queryset` and `remember(key)` (billing.entitlements)."""
    _key_plan["annotate"] = annotate
    _key_plan["remember"] = remember


def key_plan_annotate_unscoped(keys):
    annotate = _key_plan.get("annotate")
    return annotate(keys) if annotate else keys


def key_plan_remember(key) -> None:
    remember = _key_plan.get("remember")
    if remember:
        remember(key)
