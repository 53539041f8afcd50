import copy

import pytest

from billing import stripe_gateway
from billing.tests import stripe_objects as so
from billing.tests.fake_stripe import FakeStripe

PRICES = {
    "Growth": {"monthly": so.PRICE_GROWTH_MONTHLY, "annual": so.PRICE_GROWTH_ANNUAL},
    "Scale": {"monthly": so.PRICE_SCALE_MONTHLY, "annual": so.PRICE_SCALE_ANNUAL},
}


@pytest.fixture
def stripe_keys(settings):
    """Billing configured with test keys and price ids (no network: see `fake_stripe`)."""
    settings.STRIPE_SECRET_KEY = "sk_test_offline"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_offline"
    settings.STRIPE_WEBHOOK_SECRET = so.WEBHOOK_SECRET
    plans = copy.deepcopy(settings.BILLING_PLANS)
    for plan in plans:
        plan["prices"] = dict(PRICES.get(plan["name"], {}))
    settings.BILLING_PLANS = plans
    return settings


@pytest.fixture
def fake_stripe(stripe_keys):
    fake = FakeStripe()
    stripe_gateway.use_http_client(fake)
    yield fake
    stripe_gateway.use_http_client(None)


class _Refuse(FakeStripe):
    name = "refuse"

    def request(self, *args, **kwargs):
        raise AssertionError("a test tried to reach Stripe over the network")


@pytest.fixture(autouse=True)
def _no_real_stripe(monkeypatch):
    """Belt and braces: a test that forgot the fake fails instead of calling api.stripe.com."""

    def refuse(*args, **kwargs):
        return _Refuse()

    monkeypatch.setattr("stripe.default_http_client", _Refuse())
    monkeypatch.setattr("stripe._stripe_client.new_default_http_client", refuse)
    monkeypatch.setattr("stripe._api_requestor.new_default_http_client", refuse)
    yield
