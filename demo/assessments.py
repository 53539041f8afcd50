"""Demo assessments: every type scored several times over past months for each demo owner (so
charts and history show a trend), a completed onboarding, a draft with delegated questions and
a pulse with answers. Idempotent: an owner who already has results is left as they are."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from assessments import selectors, services
from assessments.banks import load_banks
from assessments.choices import AttemptStatus
from assessments.models import (
    AssessmentAnalytics,
    AssessmentTemplate,
    OnboardingAssessment,
    StrategicPulse,
)
from events.models import Event
from orgs.models import Membership, Organization
from scoring.choices import AssessmentType
from scoring.models import AssessmentScoringResult
from scoring.services import result_create

# Only the latest results of these types arrive as (unread) notifications in the demo.
NOTIFIED_TYPES = {"leadership", "ai_readiness"}
# Days ago of each attempt, oldest first, and the maturity level it roughly answers at.
ATTEMPTS = [(240, 2.0), (150, 2.6), (60, 3.2), (12, 3.7)]

ONBOARDING = {
    "acme": {
        "business_overview": "Acme Growth Co sells workflow software to mid-sized logistics "
        "companies in the UK and Benelux.",
        "business_priorities": "Enter Germany; lift net revenue retention to 110%; build a "
        "repeatable outbound motion.",
        "growth_metrics": "ARR £4.2m (+28% YoY), NRR 102%, CAC payback 19 months",
        "gtm_strategy": "Founder-led sales moving to an SDR + AE team; partners in Benelux.",
        "differentiator": "Fastest implementation in the category (two weeks).",
        "brand_perception": "Reliable and pragmatic, but little known outside the UK.",
        "acquisition_channels": "Outbound, trade shows, partner referrals",
        "retention_strategy": "Quarterly business reviews for the top 30 accounts.",
        "tech_stack": "HubSpot, Xero, Jira, Looker Studio",
        "tech_maturity": "partially_integrated",
        "process_discipline": "Sales and onboarding are documented; finance is manual.",
        "team_alignment": "mostly_aligned",
        "strategy_decision_method": "leadership_team",
        "decision_bottlenecks": "Pricing changes wait on the CEO.",
        "growth_pace": "steady",
        "funding_status": "early_planning",
        "future_success": "£15m ARR with a self-serve tier by 2029.",
        "benchmark_preferences": "Samsara, Project44",
        "unresolved_issue": "SMB churn after the first renewal.",
        "friction_points": ["Slow decision-making", "Data scattered across tools"],
        "final_confirmation": "confirmed",
    },
    "northwind": {
        "business_overview": "Northwind Ventures runs a B2B marketplace for specialty food "
        "ingredients.",
        "business_priorities": "Reach break-even; double supplier count; launch in France.",
        "growth_metrics": "GMV €9m (+55% YoY), take rate 11%",
        "gtm_strategy": "Inside sales to restaurant groups; SEO for long-tail buyers.",
        "differentiator": "Verified provenance on every lot.",
        "brand_perception": "Trusted by chefs; unknown to procurement teams.",
        "acquisition_channels": "SEO, inside sales, food fairs",
        "retention_strategy": "Reorder reminders and account managers for top buyers.",
        "tech_stack": "Custom platform, Salesforce, Stripe",
        "tech_maturity": "integrated",
        "process_discipline": "Strong in operations, ad hoc in marketing.",
        "team_alignment": "partially_aligned",
        "strategy_decision_method": "founder_led",
        "decision_bottlenecks": "Everything routes through the founder.",
        "growth_pace": "rapid",
        "funding_status": "raising_now",
        "future_success": "The default ingredient marketplace in Western Europe.",
        "benchmark_preferences": "Faire, Choco",
        "unresolved_issue": "Marketing spend does not scale predictably.",
        "friction_points": ["Hiring and retaining talent", "Cash flow and funding"],
        "final_confirmation": "confirmed",
    },
}

TEXT_ANSWERS = [
    "Leadership time: every initiative competes for the same three people.",
    "We lack one reliable source of numbers, so debates start from different data.",
    "Hiring senior people fast enough for the growth we plan.",
]


def _answer(question: dict, level: float, rng: random.Random):
    """An answer near `level` (0–5) for one question, deterministic for the seed."""
    target = max(0.0, min(5.0, level + rng.uniform(-0.9, 0.9)))
    kind = question["type"]
    if kind == "likert":
        scale = question.get("scale") or {}
        low, high = int(scale.get("min", 1)), int(scale.get("max", 5))
        return max(low, min(high, round(low + target / 5 * (high - low))))
    if kind == "single":
        return min(question["options"], key=lambda o: abs(float(o["score"]) - target))["value"]
    if kind == "multi":
        chosen, total = [], 0.0
        exclusive = question.get("exclusive")
        for option in sorted(question["options"], key=lambda o: -float(o["score"])):
            if option["value"] == exclusive or total >= target:
                continue
            chosen.append(option["value"])
            total += float(option["score"])
        return chosen or ([exclusive] if exclusive else [question["options"][0]["value"]])
    if kind == "number":
        spec = question["number"]
        bounds = [b for b, _ in spec["bands"] if b is not None]
        for bound, score in spec["bands"]:
            if float(score) >= target:
                return bound if bound is not None else (bounds[-1] + 1 if bounds else 1)
        return bounds[-1] + 1 if bounds else 1
    return rng.choice(TEXT_ANSWERS)


def demo_answers(template: AssessmentTemplate, level: float, seed: str) -> dict:
    rng = random.Random(seed)
    return {q["key"]: _answer(q, level, rng) for q in template.questions}


def _onboarding(user: User, org: Organization) -> None:
    if OnboardingAssessment.objects.filter(user=user, org=org).exists():
        return
    data = ONBOARDING.get(org.slug)
    if data is None:
        return
    OnboardingAssessment.objects.create(
        user=user,
        org=org,
        status=AttemptStatus.SUBMITTED,
        submitted_at=timezone.now() - timedelta(days=250),
        **data,
    )


def _funnel(user, org, assessment_type, template, when, seed: str) -> None:
    """The usage events an attempt leaves (started, one per section, submitted), and now and
    then an abandoned start, so the owner's analytics show completion and drop-off."""
    rng = random.Random(seed)

    def event(kind, step=None, duration=None):
        return AssessmentAnalytics(
            user=user,
            org=org,
            assessment_type=assessment_type,
            event_type=kind,
            step=step,
            duration_ms=duration,
            created_at=when,
        )

    sections = len(services.template_pages(template))
    rows = [event("started", 0)]
    rows += [event("step_completed", s, rng.randint(60_000, 300_000)) for s in range(sections)]
    rows.append(event("submitted"))
    if rng.random() < 0.4:  # someone started and gave up after the first sections
        rows.append(event("started", 0))
        rows += [
            event("step_completed", s, rng.randint(60_000, 400_000))
            for s in range(rng.randint(0, 2))
        ]
    AssessmentAnalytics.objects.bulk_create(rows)


def _history(user: User, org: Organization, templates: dict, offset: float) -> None:
    onboarding = selectors.onboarding_answers(selectors.onboarding_submitted(org=org, user=user))
    now = timezone.now()
    for assessment_type in AssessmentType.values:
        template = templates.get(assessment_type)
        if template is None:
            continue
        model = selectors.attempt_model(assessment_type)
        for days_ago, level in ATTEMPTS:
            when = now - timedelta(days=days_ago)
            attempt = model.objects.create(
                user=user,
                org=org,
                template=template,
                template_version=template.version,
                answers=demo_answers(
                    template, level + offset, f"{org.slug}-{assessment_type}-{days_ago}"
                ),
                status=AttemptStatus.SUBMITTED,
                started_at=when - timedelta(minutes=25),
                submitted_at=when,
            )
            _funnel(user, org, assessment_type, template, when, f"{assessment_type}{days_ago}")
            result = result_create(attempt=attempt, onboarding=onboarding)
            if (days_ago, level) != ATTEMPTS[-1] or assessment_type not in NOTIFIED_TYPES:
                # Old results are history, not news: no notification for them.
                Event.objects.filter(
                    event_type="assessment.scored", event_data__result_id=str(result.pk)
                ).update(dispatched_at=now)


def _collaboration(owner: User, org: Organization, templates: dict) -> None:
    colleagues = [
        m.user
        for m in Membership.objects.filter(org=org)
        .exclude(user=owner)
        .select_related("user")
        .order_by("user__email")
    ]
    template = templates.get("marketing_effectiveness")
    if template and colleagues:
        draft = selectors.attempt_model("marketing_effectiveness").objects.create(
            user=owner,
            org=org,
            template=template,
            template_version=template.version,
            answers={},
            status=AttemptStatus.DRAFT,
        )
        first_page = services.template_pages(template)[0]["questions"]
        answers = demo_answers(template, 3.0, f"{org.slug}-delegated")
        # The owner answered the rest of the first section and delegated three questions.
        services.attempt_save_answers(
            attempt=draft, user=owner, answers={q["key"]: answers[q["key"]] for q in first_page[3:]}
        )
        delegate = next((c for c in colleagues if "mia@" in c.email), colleagues[0])
        keys = [q["key"] for q in first_page[:3]]
        services.questions_delegate(
            attempt=draft,
            owner=owner,
            email=delegate.email,
            question_keys=keys,
            message="You know our campaign numbers best: could you answer these?",
        )
        from assessments.models import QuestionDelegation

        first = (
            QuestionDelegation.objects.filter(assessment_id=draft.pk)
            .order_by("question_key")
            .first()
        )
        services.question_answer(
            delegation_id=first.pk, user=delegate, answer=answers[first.question_key]
        )
    if colleagues:
        services.assignment_create(
            org=org,
            assigned_by=owner,
            email=colleagues[0].email,
            assessment_type="leadership",
            due_date=(timezone.now() + timedelta(days=10)).date(),
            note="Your view as a leader matters for the board pack.",
        )
    if len(colleagues) >= 3 and not StrategicPulse.objects.filter(org=org).exists():
        pulse = services.pulse_create(
            org=org,
            created_by=owner,
            title="Quarterly strategy pulse",
            statements=[
                "Our strategy is clear to me.",
                "I know which priorities matter most this quarter.",
                "We act on what we learn from customers.",
            ],
            emails=[c.email for c in colleagues],
            days_open=14,
            cadence_days=90,
        )
        for index, colleague in enumerate(colleagues[:3]):
            services.pulse_respond(
                pulse=pulse,
                user=colleague,
                answers={"q1": 4 - index % 2, "q2": 3 + index % 3, "q3": 2 + index},
            )


def seed_assessments_demo() -> None:
    load_banks(AssessmentTemplate)
    templates = selectors.templates_active()
    for slug, offset in (("acme", 0.0), ("northwind", 0.4)):
        org = Organization.objects.filter(slug=slug).select_related("owner").first()
        if org is None:
            continue
        owner = org.owner
        if AssessmentScoringResult.objects.filter(user=owner, org=org).exists():
            continue
        with transaction.atomic():
            _onboarding(owner, org)
            _history(owner, org, templates, offset)
            _collaboration(owner, org, templates)
