"""The plan catalogue (settings.BILLING_PLANS) as Plan objects, and Stripe price id ↔ plan.

The catalogue is validated the first time it is read (and at start-up by the app's ready()):
unknown features, a missing Free or Trial plan or a price id used twice stop start-up with
ImproperlyConfigured naming the problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import models

from billing.models import FREE_PLAN, TRIAL_PLAN, BillingCycle


class Feature(models.TextChoices):
    """What a plan unlocks (billing/entitlements.py checks them)."""

    ONBOARDING = "onboarding", "Onboarding assessment"
    ALL_ASSESSMENTS = "all_assessments", "Every assessment type"
    API = "api", "Integrator API"
    SIMULATIONS = "simulations", "Growth simulations"
    MARKET_INTELLIGENCE = "market_intelligence", "Market intelligence"
    TEAM_COLLABORATION = "team_collaboration", "Team collaboration"
    EXPORTS = "exports", "Exports"


@dataclass(frozen=True)
class Plan:
    name: str
    features: frozenset[str]
    includes: tuple[str, ...] = ()
    prices: dict[str, str] = field(default_factory=dict)  # billing cycle -> Stripe price id
    display_prices: dict[str, str] = field(default_factory=dict)

    @property
    def is_free(self) -> bool:
        return self.name == FREE_PLAN

    @property
    def is_trial(self) -> bool:
        return self.name == TRIAL_PLAN

    @property
    def is_paid(self) -> bool:
        return not (self.is_free or self.is_trial)

    @property
    def cycles(self) -> list[str]:
        """The billing cycles that can be bought (those with a Stripe price id)."""
        return [cycle for cycle in BillingCycle.values if self.prices.get(cycle)]

    def has(self, feature: str) -> bool:
        return feature in self.features


@dataclass(frozen=True)
class Catalogue:
    plans: tuple[Plan, ...]

    def get(self, name: str | None) -> Plan | None:
        if not name:
            return None
        lowered = name.strip().lower()
        return next((plan for plan in self.plans if plan.name.lower() == lowered), None)

    @property
    def free(self) -> Plan:
        return self.get(FREE_PLAN)

    @property
    def trial(self) -> Plan:
        return self.get(TRIAL_PLAN)

    @property
    def paid(self) -> list[Plan]:
        return [plan for plan in self.plans if plan.is_paid]

    def by_price(self, price_id: str | None) -> tuple[Plan, str] | None:
        """The plan and billing cycle a Stripe price id stands for, or None."""
        if not price_id:
            return None
        for plan in self.plans:
            for cycle, plan_price in plan.prices.items():
                if plan_price and plan_price == price_id:
                    return plan, cycle
        return None


def _build(raw: list[dict]) -> Catalogue:
    plans: list[Plan] = []
    seen_prices: dict[str, str] = {}
    for entry in raw:
        name = str(entry.get("name", "")).strip()
        if not name:
            raise ImproperlyConfigured("BILLING_PLANS: every plan needs a name.")
        unknown = set(entry.get("features", [])) - set(Feature.values)
        if unknown:
            raise ImproperlyConfigured(
                f"BILLING_PLANS[{name}]: unknown features {sorted(unknown)}; "
                f"use {sorted(Feature.values)}."
            )
        prices = {k: v for k, v in (entry.get("prices") or {}).items() if v}
        bad_cycles = set(prices) - set(BillingCycle.values)
        if bad_cycles:
            raise ImproperlyConfigured(
                f"BILLING_PLANS[{name}]: unknown billing cycles {sorted(bad_cycles)}."
            )
        for cycle, price in prices.items():
            if price in seen_prices:
                raise ImproperlyConfigured(
                    f"Stripe price {price!r} is used by both {seen_prices[price]} and "
                    f"{name} {cycle}; each STRIPE_PRICE_* must be different."
                )
            seen_prices[price] = f"{name} {cycle}"
        plans.append(
            Plan(
                name=name,
                features=frozenset(entry.get("features", [])),
                includes=tuple(entry.get("includes", [])),
                prices=prices,
                display_prices=dict(entry.get("display_prices") or {}),
            )
        )
    names = [plan.name.lower() for plan in plans]
    if len(set(names)) != len(names):
        raise ImproperlyConfigured("BILLING_PLANS: plan names must be unique.")
    for required in (FREE_PLAN, TRIAL_PLAN):
        if required.lower() not in names:
            raise ImproperlyConfigured(f"BILLING_PLANS must contain the {required!r} plan.")
    return Catalogue(plans=tuple(plans))


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    return _build(settings.BILLING_PLANS)


def _reset(*, setting, **kwargs) -> None:
    if setting in {"BILLING_PLANS"}:
        catalogue.cache_clear()


setting_changed.connect(_reset)
