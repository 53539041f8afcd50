"""The intelligence page's filters and the follow form: bad input is a form error (400)."""

from __future__ import annotations

from django import forms

from intelligence.feed import MAX_QUERY_LENGTH, FeedFilters
from intelligence.follows import KINDS, MAX_NAME


class FeedFilterForm(forms.Form):
    industry = forms.CharField(required=False, max_length=100)
    source = forms.CharField(required=False, max_length=200)
    since = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    q = forms.CharField(required=False, max_length=MAX_QUERY_LENGTH, label="Search")

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "Choose a date on or after the start date.")
        return data

    def filters(self) -> FeedFilters:
        data = self.cleaned_data
        return FeedFilters(
            industry=data.get("industry", "").strip(),
            source=data.get("source", "").strip(),
            since=data.get("since"),
            until=data.get("until"),
            query=data.get("q", "").strip(),
        )


class FollowForm(forms.Form):
    kind = forms.ChoiceField(choices=[(k, k) for k in KINDS])
    name = forms.CharField(max_length=MAX_NAME)
    follow = forms.BooleanField(required=False)
