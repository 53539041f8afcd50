"""The daily reconciliation: every Stripe subscription against its row (all users' rows)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from billing import services
from billing import stripe_gateway as gateway
from billing.models import Subscription
from billing.services import (
    _MIRRORED_FIELDS,
    LIVE_STRIPE_STATUSES,
    UnresolvableEvent,
    _id_of,
    _subscription_row,
)
from config import tenancy


@dataclass
class ReconcileReport:
    configured: bool = True
    checked: int = 0
    fixed: list[dict] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    unknown_price: list[str] = field(default_factory=list)  # subscriptions flagged for staff

    def as_dict(self) -> dict:
        return {
            "configured": self.configured,
            "checked": self.checked,
            "fixed": self.fixed,
            "unresolved": self.unresolved,
            "missing": self.missing,
            "unknown_price": self.unknown_price,
        }


def subscriptions_reconcile_unscoped() -> ReconcileReport:
    """Compare every Stripe subscription with its row and fix the drift (all users' rows)."""
    if not gateway.configured():
        return ReconcileReport(configured=False)
    with tenancy.unscoped():
        return _reconcile_all()


def _reconcile_all() -> ReconcileReport:
    objects = gateway.subscriptions_list_all()
    report = ReconcileReport(checked=len(objects))
    for obj in _one_per_customer(objects):
        try:
            change = _reconcile_one(obj)
        except UnresolvableEvent as exc:
            report.unresolved.append(str(exc))
            continue
        if change:
            report.fixed.append(change)
    listed = {obj.get("id") for obj in objects}
    report.missing = sorted(
        Subscription.objects.filter(stripe_subscription_id__isnull=False)
        .exclude(stripe_subscription_id__in=listed)
        .values_list("stripe_subscription_id", flat=True)
    )
    report.unknown_price = sorted(
        f"{sub_id} ({price})"
        for sub_id, price in Subscription.objects.exclude(stripe_unknown_price="").values_list(
            "stripe_subscription_id", "stripe_unknown_price"
        )
    )
    return report


def _one_per_customer(objects: list[dict]) -> list[dict]:
    """A customer with several subscriptions is mirrored from its live one, else its newest."""
    best: dict[str, dict] = {}
    for obj in objects:
        key = _id_of(obj.get("customer")) or obj.get("id")
        rank = (obj.get("status") in LIVE_STRIPE_STATUSES, obj.get("created") or 0)
        current = best.get(key)
        if current is None or rank > (
            current.get("status") in LIVE_STRIPE_STATUSES,
            current.get("created") or 0,
        ):
            best[key] = obj
    return list(best.values())


@transaction.atomic
def _reconcile_one(obj: dict) -> dict | None:
    row = _subscription_row(obj)
    before = {name: getattr(row, name) for name in _MIRRORED_FIELDS}
    before_id = row.stripe_subscription_id
    services.subscription_apply(obj=obj, as_of=timezone.now())
    row.refresh_from_db()
    after = {name: getattr(row, name) for name in _MIRRORED_FIELDS}
    if before == after and before_id == row.stripe_subscription_id:
        return None
    return {
        "user_id": str(row.user_id),
        "stripe_subscription_id": row.stripe_subscription_id,
        "before": {k: str(v) if v is not None else None for k, v in before.items()},
        "after": {k: str(v) if v is not None else None for k, v in after.items()},
    }
