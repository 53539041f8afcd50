from django import forms

from billing.models import BillingCycle


class CheckoutForm(forms.Form):
    """What to buy; the plan is checked against the catalogue by the service (with a message)."""

    plan = forms.CharField(max_length=100)
    cycle = forms.ChoiceField(choices=BillingCycle.choices)
