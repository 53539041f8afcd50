"""Forms of the assessment pages: onboarding steps, delegation, assignment, pulses.

An attempt's question pages are not Django forms: their questions come from the template, so the
view reads them with `answers_from_post` and the engine checks each answer.
"""

from __future__ import annotations

from django import forms

from assessments.models import OnboardingAssessment
from assessments.services.common import due_date_error
from assessments.services.onboarding import ONBOARDING_STEPS
from scoring.choices import AssessmentType
from scoring.engine import NOT_APPLICABLE

FRICTION_POINTS = [
    "Unclear ownership of growth targets",
    "Slow decision-making",
    "Sales and marketing misaligned",
    "Data scattered across tools",
    "Hiring and retaining talent",
    "Cash flow and funding",
    "Manual, error-prone processes",
    "Weak product-market fit in new segments",
    "Customer churn",
]

ONBOARDING_LABELS = {
    "business_overview": "What does your business do, for whom?",
    "business_priorities": "What are your top three priorities for the next 12 months?",
    "growth_metrics": "Which numbers tell you the business is growing (and where are they now)?",
    "gtm_strategy": "How do you go to market today?",
    "differentiator": "Why do customers choose you over the alternatives?",
    "brand_perception": "How do customers and the market see your brand?",
    "acquisition_channels": "Which channels bring you new customers?",
    "retention_strategy": "How do you keep and grow existing customers?",
    "tech_stack": "Which core tools run the business (CRM, ERP, analytics, …)?",
    "tech_maturity": "How connected are those tools?",
    "process_discipline": "How consistently are key processes documented and followed?",
    "team_alignment": "How aligned is the leadership team on strategy?",
    "strategy_decision_method": "How are strategic decisions made?",
    "decision_bottlenecks": "Where do decisions get stuck?",
    "growth_pace": "How fast is revenue growing?",
    "funding_status": "Where are you on funding?",
    "future_success": "What does success look like in three years?",
    "benchmark_preferences": "Which companies or peers do you want to be compared with?",
    "unresolved_issue": "Which issue have you tried to solve but haven't yet?",
    "friction_points": "Where do you feel the most friction?",
    "final_confirmation": "Are these answers an accurate picture of the business?",
}
REQUIRED_ONBOARDING = {"business_overview", "final_confirmation", "growth_pace"}


def onboarding_form_class(step: int) -> type[forms.ModelForm]:
    fields = ONBOARDING_STEPS[step][1]

    class StepForm(forms.ModelForm):
        friction_other = forms.CharField(
            label="Other friction (optional)", required=False, max_length=200
        )

        class Meta:
            model = OnboardingAssessment
            fields = [f for f in ONBOARDING_STEPS[step][1] if f != "friction_points"]
            widgets = {
                name: forms.Textarea(attrs={"rows": 3})
                for name in fields
                if OnboardingAssessment._meta.get_field(name).get_internal_type() == "TextField"
                and not OnboardingAssessment._meta.get_field(name).choices
            }

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for name, field in self.fields.items():
                if name in ONBOARDING_LABELS:
                    field.label = ONBOARDING_LABELS[name]
                field.required = name in REQUIRED_ONBOARDING
                if isinstance(field, forms.CharField) and name != "friction_other":
                    field.max_length = 4000
                    field.widget.attrs["maxlength"] = 4000
            if "friction_points" in fields:
                current = list(self.instance.friction_points or [])
                self.fields["friction_choices"] = forms.MultipleChoiceField(
                    label=ONBOARDING_LABELS["friction_points"],
                    choices=[(p, p) for p in FRICTION_POINTS],
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                    initial=[p for p in current if p in FRICTION_POINTS],
                )
                others = [p for p in current if p not in FRICTION_POINTS]
                self.fields["friction_other"].initial = ", ".join(others)
                self.order_fields(
                    [n for n in self.fields if n != "friction_other"] + ["friction_other"]
                )
            else:
                del self.fields["friction_other"]

        def clean(self):
            cleaned = super().clean()
            if "friction_choices" in self.fields:
                points = list(cleaned.get("friction_choices") or [])
                other = (cleaned.get("friction_other") or "").strip()
                if other:
                    points.extend(p.strip() for p in other.split(",") if p.strip())
                if len(points) > 12:
                    self.add_error("friction_other", "Name at most 12 friction points.")
                cleaned["friction_points"] = points
            return cleaned

    return StepForm


def answers_from_post(questions: list[dict], data) -> dict:
    """The answers a question page posted, by question key (absent questions are left out)."""
    answers = {}
    for question in questions:
        key = question["key"]
        if question.get("allow_na") and data.get(f"na__{key}"):
            answers[key] = NOT_APPLICABLE
            continue
        if question["type"] == "multi":
            if f"present__{key}" in data:
                answers[key] = data.getlist(key)
        elif key in data:
            answers[key] = data.get(key)
    return answers


class DueDateMixin:
    """A due date that can be meant: from today to two years ahead (services.due_date_error)."""

    def clean_due_date(self):
        due_date = self.cleaned_data.get("due_date")
        error = due_date_error(due_date)
        if error:
            raise forms.ValidationError(error)
        return due_date


class DelegateForm(DueDateMixin, forms.Form):
    email = forms.EmailField(label="Colleague's email")
    question_keys = forms.MultipleChoiceField(
        label="Questions to delegate", widget=forms.CheckboxSelectMultiple
    )
    message = forms.CharField(
        label="Message (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    due_date = forms.DateField(
        label="Answer by (optional)", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, questions: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question_keys"].choices = [(q["key"], q["text"]) for q in questions]


class AssignmentForm(DueDateMixin, forms.Form):
    email = forms.EmailField(label="Member's email")
    assessment_type = forms.ChoiceField(label="Assessment", choices=AssessmentType.choices)
    due_date = forms.DateField(
        label="Due (optional)", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label="Note (optional)", required=False, max_length=500)


class PulseForm(forms.Form):
    title = forms.CharField(max_length=200, initial="Quarterly strategy pulse")
    statements = forms.CharField(
        label="Statements (one per line; colleagues answer from strongly disagree to agree)",
        widget=forms.Textarea(attrs={"rows": 4}),
        initial="Our strategy is clear to me.\nI know which priorities matter most this quarter.\n"
        "We act on what we learn from customers.",
        max_length=2000,
    )
    emails = forms.MultipleChoiceField(
        label="Send to", widget=forms.CheckboxSelectMultiple, choices=[]
    )
    days_open = forms.IntegerField(label="Days open", min_value=1, max_value=60, initial=7)
    cadence_days = forms.IntegerField(
        label="Repeat every (days, optional)",
        min_value=1,
        max_value=365,
        required=False,
        initial=90,
    )

    def __init__(self, *args, member_emails: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["emails"].choices = member_emails
