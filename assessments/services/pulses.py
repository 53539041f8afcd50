"""Strategic pulses: send, answer, summarise, and the hourly roll-over of recurring ones."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from assessments import selectors
from assessments.choices import (
    DelegationStatus,
    PulseStatus,
)
from assessments.models import (
    PulseDelegation,
    PulseResponse,
    StrategicPulse,
)
from config import tenancy
from events.audit import audited_bulk_create
from events.services import event_record
from orgs.models import Organization
from scoring import engine

PULSE_MIN_RESPONSES = 3  # fewer answers than this are never shown, even aggregated
PULSE_MAX_CADENCE_DAYS = 365

PULSE_SCALE = {"min": 1, "max": 5, "min_label": "Strongly disagree", "max_label": "Strongly agree"}


@transaction.atomic
def pulse_create(
    *,
    org: Organization,
    created_by: User,
    title: str,
    statements: list[str],
    emails: list[str],
    days_open: int = 7,
    cadence_days: int | None = None,
) -> StrategicPulse:
    """Open a short pulse (agree/disagree statements) to chosen members of the organisation."""
    statements = [s.strip() for s in statements if s and s.strip()]
    errors = {}
    if not title.strip():
        errors["title"] = ["Give the pulse a title."]
    if not 1 <= len(statements) <= 8:
        errors["statements"] = ["Write between one and eight statements, one per line."]
    members = {}
    for email in {e.strip().lower() for e in emails if e.strip()}:
        member = selectors.member_by_email(org, email)
        if member is None:
            errors.setdefault("emails", []).append(f"{email} is not a member of {org.name}.")
        members[email] = member
    if not members and "emails" not in errors:
        errors["emails"] = ["Choose at least one colleague."]
    if days_open < 1 or days_open > 60:
        errors["days_open"] = ["A pulse stays open between 1 and 60 days."]
    if cadence_days is not None and cadence_days < days_open:
        errors["cadence_days"] = ["Repeat the pulse no more often than it stays open."]
    elif cadence_days is not None and cadence_days > PULSE_MAX_CADENCE_DAYS:
        errors["cadence_days"] = [f"Repeat the pulse at least every {PULSE_MAX_CADENCE_DAYS} days."]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    pulse = StrategicPulse.objects.create(
        org=org,
        created_by=created_by,
        title=title.strip(),
        questions=[
            {"key": f"q{i}", "text": text, "type": "likert", "scale": PULSE_SCALE}
            for i, text in enumerate(statements, start=1)
        ],
        status=PulseStatus.OPEN,
        opens_at=now,
        closes_at=now + timedelta(days=days_open),
        cadence_days=cadence_days,
    )
    _pulse_send(pulse, members, created_by)
    return pulse


def _pulse_send(pulse: StrategicPulse, members: dict[str, User], sender: User) -> None:
    audited_bulk_create(
        PulseDelegation,
        [
            PulseDelegation(
                pulse=pulse,
                org=pulse.org,
                delegated_by=sender,
                delegate_email=email,
                delegate=user,
                due_date=pulse.closes_at.date() if pulse.closes_at else None,
            )
            for email, user in sorted(members.items())
        ],
    )
    event_record(
        event_type="pulse.due",
        source="assessments",
        user=sender,
        org=pulse.org,
        data={
            "pulse_id": str(pulse.pk),
            "title": pulse.title,
            "user_ids": [str(u.pk) for u in members.values() if u is not None],
            "link": reverse("assessments:pulse_respond", args=[pulse.org.slug, pulse.pk]),
        },
    )


def pulse_respond(*, pulse: StrategicPulse, user: User, answers: dict) -> PulseResponse:
    """Record one member's answers; every answer is checked before the transaction opens."""
    delegation = selectors.pulse_delegation_of(pulse=pulse, user=user)
    if delegation is None:
        raise PermissionDenied("This pulse was not sent to you.")
    now = timezone.now()
    if pulse.status != PulseStatus.OPEN or (pulse.closes_at and pulse.closes_at < now):
        raise ValidationError("This pulse is closed.")
    if selectors.pulse_answered_by(pulse=pulse, user=user):
        raise ValidationError("You have already answered this pulse.")
    cleaned = _pulse_answers_clean(pulse, answers)
    with transaction.atomic():
        response = PulseResponse.objects.create(
            pulse=pulse,
            org=pulse.org,
            respondent=user,
            respondent_email=user.email,
            answers=cleaned,
            submitted_at=now,
        )
        delegation.status = DelegationStatus.COMPLETED
        delegation.save(update_fields=["status", "updated_at"])
    return response


def _pulse_answers_clean(pulse: StrategicPulse, answers: dict) -> dict:
    cleaned, errors = {}, {}
    for question in pulse.questions:
        try:
            value = engine.clean_answer(
                {"type": "likert", "scale": question.get("scale", PULSE_SCALE)},
                answers.get(question["key"]),
            )
        except engine.AnswerError as e:
            errors[question["key"]] = [str(e)]
            continue
        if value is None:
            errors[question["key"]] = ["Choose a value from 1 to 5."]
        cleaned[question["key"]] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def pulse_summary(pulse: StrategicPulse, responses: list[PulseResponse] | None = None) -> dict:
    """Aggregated answers, never attributed; hidden entirely below three respondents."""
    if responses is None:
        responses = list(pulse.responses.all())
    count = len(responses)
    summary = {"responses": count, "hidden": count < PULSE_MIN_RESPONSES, "questions": []}
    if summary["hidden"]:
        return summary
    for question in pulse.questions:
        values = [r.answers.get(question["key"]) for r in responses]
        values = [v for v in values if isinstance(v, int)]
        distribution = [values.count(v) for v in range(1, 6)]
        summary["questions"].append(
            {
                "key": question["key"],
                "text": question["text"],
                "average": round(sum(values) / len(values), 2) if values else None,
                "distribution": distribution,
                "agree_share": round(sum(distribution[3:]) / len(values) * 100) if values else 0,
            }
        )
    return summary


def pulses_roll_over_unscoped(*, now=None) -> int:
    """Close pulses past their closing date, in every organisation; open the next round of a
    recurring one (while the organisation's plan includes team collaboration)."""
    now = now or timezone.now()
    opened = 0
    with tenancy.unscoped():
        for pulse in selectors.pulses_to_close_unscoped(now=now):
            opened += _pulse_roll_over(pulse, now)
    return opened


@transaction.atomic
def _pulse_roll_over(pulse: StrategicPulse, now) -> int:
    """Close one pulse; 1 when it opened its next round."""
    from billing.entitlements import Feature, org_has_feature

    pulse.status = PulseStatus.CLOSED
    pulse.save(update_fields=["status", "updated_at"])
    if not pulse.cadence_days or pulse.created_by is None:
        return 0
    if not org_has_feature(pulse.org, Feature.TEAM_COLLABORATION):
        return 0  # a new round is a new send: it needs the plan (this one just closes)
    # A cadence saved before it was capped could overflow the date arithmetic and stop every
    # pulse's roll-over: it counts as the longest cadence allowed.
    cadence = min(pulse.cadence_days, PULSE_MAX_CADENCE_DAYS)
    next_opens = pulse.opens_at + timedelta(days=cadence)
    if next_opens > now:
        return 0
    window = pulse.closes_at - pulse.opens_at
    successor = StrategicPulse.objects.create(
        org=pulse.org,
        created_by=pulse.created_by,
        title=pulse.title,
        questions=pulse.questions,
        status=PulseStatus.OPEN,
        opens_at=now,
        closes_at=now + window,
        cadence_days=cadence,
        previous=pulse,
    )
    members = selectors.pulse_members_still_in_org_unscoped(pulse)
    if members:
        _pulse_send(successor, members, pulse.created_by)
    return 1
