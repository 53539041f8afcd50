"""Notifications from domain events: one handler per event type (the contract in each docstring).

A handler takes the Event, finds the recipients, and writes one notification per recipient
through `services.notifications_fan_out_unscoped` with an idempotency key derived from the
event's subject, so a task that runs twice creates nothing new. It returns the ids of the rows
it created (the task emails the high-priority ones). Bad or missing data is logged and skipped
(`registry.SkipEvent`): raising would only retry the same bad event until its retries run out.

The handlers here read only the event's payload and the tables of lower apps (users,
memberships); a higher app registers the handlers of its own events (intelligence: trend.new).
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.urls import reverse

from accounts.models import User
from events.models import Event
from notifications import registry
from notifications.models import NotificationType, Priority
from notifications.registry import SkipEvent
from notifications.services import NotificationDraft, chunks, notifications_fan_out_unscoped

logger = logging.getLogger(__name__)

# Recipients looked up per query when a producer passes a list of user ids (pulse.due).
RECIPIENT_LOOKUP_BATCH = 5000
# Who hears about an organisation's security alerts: roles that manage its settings or members
# (the owner and the admins with the system roles).
SECURITY_ALERT_PERMISSIONS = ("org.manage_settings", "org.manage_members")


def on_assessment_scored(event: Event) -> list:
    """data: result_id, assessment_type, assessment_label, score, bracket (the key),
    bracket_label (its label, e.g. "4 (3.75–4.24)"), link → the taker. The message names the
    bracket by its label, never by its key."""
    data = event.event_data
    label = text_of(data, "assessment_label") or "assessment"
    score, bracket = _number(data.get("score")), _bracket(data)
    draft = event_draft(
        event,
        NotificationType.ASSESSMENT_SCORED,
        Priority.MEDIUM,
        key=f"assessment.scored:{required(data, 'result_id')}",
        title=f"Your {label} result is ready",
        message=(f"You scored {score}" if score else "Your score is in")
        + (f" — {bracket}" if bracket else "")
        + ". See your strengths, weaknesses and next steps.",
    )
    return fan_out(_active([event.user_id]), draft)


DELEGATION_TEXTS = {
    "question": (
        "{owner} delegated a question to you",
        "{owner} asked you to answer a question of the {label} assessment.",
    ),
    "assessment": (
        "{owner} delegated an assessment to you",
        "{owner} asked you to complete the {label} assessment.",
    ),
    "assignment": (
        "{owner} assigned you an assessment",
        "{owner} assigned you the {label} assessment.",
    ),
}
DELEGATION_DEFAULT_TEXT = (
    "{owner} asked for your help",
    "{owner} asked for your help with the {label} assessment.",
)
REMINDER_TEXT = (
    "Reminder: {owner} is waiting for your answer",
    "{owner} is still waiting for your answer on the {label} assessment.",
)


def on_delegation_received(event: Event) -> list:
    """data: kind, delegation_id, delegate_email, delegate_user_id (or null), assessment_label,
    owner_name, link → the delegate when they have an account (else the producer emails them)."""
    delegation = required(event.event_data, "delegation_id")
    texts = DELEGATION_TEXTS.get(event.event_data.get("kind"), DELEGATION_DEFAULT_TEXT)
    return _to_delegate(event, texts, Priority.HIGH, key=f"delegation.received:{delegation}")


def on_delegation_reminder(event: Event) -> list:
    """As delegation.received, plus reminder_date (ISO date): one reminder per date."""
    data = event.event_data
    delegation, day = required(data, "delegation_id"), required(data, "reminder_date")
    key = f"delegation.reminder:{delegation}:{day}"
    return _to_delegate(event, REMINDER_TEXT, Priority.MEDIUM, key=key)


def _to_delegate(event: Event, texts: tuple[str, str], priority: str, *, key: str) -> list:
    data = event.event_data
    owner = text_of(data, "owner_name") or "A colleague"
    names = {"owner": owner, "label": _assessment_label(data)}
    title, message = (text.format(**names) for text in texts)
    draft = event_draft(
        event, NotificationType.DELEGATION_RECEIVED, priority, key=key, title=title, message=message
    )
    return fan_out(_active([data.get("delegate_user_id")]), draft)


def on_invitation_received(event: Event) -> list:
    """data: invitation_id, email, assessment_label, inviter_name, link → the user with that
    email, if there is one."""
    data = event.event_data
    inviter = text_of(data, "inviter_name") or "A colleague"
    label = text_of(data, "assessment_label")
    draft = event_draft(
        event,
        NotificationType.INVITATION_RECEIVED,
        Priority.MEDIUM,
        key=f"invitation.received:{required(data, 'invitation_id')}",
        title=f"{inviter} invited you to the {label} assessment"
        if label
        else f"{inviter} invited you",
        message="Open the invitation to take part.",
    )
    return fan_out(_users_with_email(data.get("email")), draft)


def on_org_invitation_sent(event: Event) -> list:
    """orgs' own event (data: email, role): someone who already has an account is told in the
    portal too, where they can join without the emailed link."""
    data = event.event_data
    org_name = event.org.name if event.org else "an organisation"
    role = text_of(data, "role_name") or text_of(data, "role") or "a member"
    draft = event_draft(
        event,
        NotificationType.INVITATION_RECEIVED,
        Priority.MEDIUM,
        key=f"org.invitation_sent:{event.pk}",
        title=f"You are invited to join {org_name}",
        message=f"Join {org_name} as {role} from your invitations.",
        default_link=reverse("orgs:create"),
    )
    return fan_out(_users_with_email(data.get("email")), draft)


def on_pulse_due(event: Event) -> list:
    """org set; data: pulse_id, title, user_ids, link → each listed user who is a member of the
    event's organisation (ids of other organisations' users are ignored)."""
    data = event.event_data
    if event.org_id is None:
        raise SkipEvent("pulse.due without an organisation")
    title = text_of(data, "title") or "pulse check"
    draft = event_draft(
        event,
        NotificationType.PULSE_DUE,
        Priority.MEDIUM,
        key=f"pulse.due:{required(data, 'pulse_id')}",
        title=f"Your {title} is due",
        message="It takes a few minutes; your answers keep the team's scores current.",
    )
    members = _members_among(event.org_id, data.get("user_ids") or [])
    return fan_out(members, draft)


def on_trial_ending(event: Event) -> list:
    """user set; data: days_left, ends_on, link → that user."""
    data = event.event_data
    days = data.get("days_left")
    when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
    draft = event_draft(
        event,
        NotificationType.TRIAL_ENDING,
        Priority.HIGH,
        key=f"trial.ending:{required(data, 'ends_on')}:{days}",
        title=f"Your trial ends {when}",
        message=f"Your trial ends on {data['ends_on']}. Choose a plan to keep your results, "
        "team and market intelligence.",
    )
    return fan_out(_active([event.user_id]), draft)


def on_payment_failed(event: Event) -> list:
    """user set; data: invoice_id, amount_due, currency, link → that user."""
    data = event.event_data
    amount = _money(data.get("amount_due"), data.get("currency"))
    draft = event_draft(
        event,
        NotificationType.PAYMENT_FAILED,
        Priority.HIGH,
        key=f"payment.failed:{required(data, 'invoice_id')}",
        title="Your payment failed",
        message=f"We could not collect {amount}. Update your payment method to keep your plan.",
    )
    return fan_out(_active([event.user_id]), draft)


def on_subscription_changed(event: Event) -> list:
    """user set; data: plan, status, previous_plan, previous_status, link → that user."""
    data = event.event_data
    plan, status = text_of(data, "plan") or "your plan", text_of(data, "status")
    before = text_of(data, "previous_plan")
    if before and before != plan:
        message = f"You moved from {before} to {plan}."
    else:
        message = f"Your {plan} subscription is now {status or 'updated'}."
    draft = event_draft(
        event,
        NotificationType.SUBSCRIPTION_CHANGED,
        Priority.MEDIUM,
        key=f"subscription.changed:{event.pk}",
        title="Your subscription changed",
        message=message,
    )
    return fan_out(_active([event.user_id]), draft)


def on_security_alert(event: Event) -> list:
    """org set; data: alert_id, severity, title, link → the organisation's owner and admins;
    high priority when the severity is high or critical, else medium."""
    data = event.event_data
    if event.org_id is None:
        raise SkipEvent("security.alert without an organisation")
    severity = text_of(data, "severity") or "medium"
    draft = event_draft(
        event,
        NotificationType.SECURITY_ALERT,
        Priority.HIGH if severity in ("high", "critical") else Priority.MEDIUM,
        key=f"security.alert:{required(data, 'alert_id')}",
        title=f"Security alert: {text_of(data, 'title') or 'check your organisation'}",
        message=f"Severity {severity}. Review it, and the members and API keys of "
        f"{event.org.name}.",
    )
    return fan_out(_org_admins(event.org_id), draft)


def on_reassessment_due(event: Event) -> list:
    """data: prompt_id, assessment_type, assessment_label, link → the user who took it."""
    data = event.event_data
    label = _assessment_label(data)
    draft = event_draft(
        event,
        NotificationType.SYSTEM,
        Priority.LOW,
        key=f"reassessment.due:{required(data, 'prompt_id')}",
        title=f"Time to retake {label}",
        message=f"Retake {label} to see how far you have come since your last result.",
    )
    return fan_out(_active([event.user_id]), draft)


# The handlers of the events that lower apps (accounts, orgs, billing) and the assessment apps
# record, which read nothing but the payload and lower tables. notifications.apps registers them.
HANDLERS = {
    "assessment.scored": on_assessment_scored,
    "delegation.received": on_delegation_received,
    "delegation.reminder": on_delegation_reminder,
    "invitation.received": on_invitation_received,
    "org.invitation_sent": on_org_invitation_sent,
    "pulse.due": on_pulse_due,
    "trial.ending": on_trial_ending,
    "payment.failed": on_payment_failed,
    "subscription.changed": on_subscription_changed,
    "security.alert": on_security_alert,
    "reassessment.due": on_reassessment_due,
}


def register_handlers() -> None:
    for event_type, handler in HANDLERS.items():
        registry.register(event_type, handler)


# --- Pieces ---------------------------------------------------------------------------------


def event_draft(
    event: Event,
    type_: str,
    priority: str,
    *,
    key: str,
    title: str,
    message: str,
    default_link: str = "",
) -> NotificationDraft:
    return NotificationDraft(
        type=type_,
        title=title[:200],
        message=message,
        priority=priority,
        link=_link(event.event_data.get("link"), default_link),
        idempotency_key=key,
    )


def fan_out(user_ids, draft: NotificationDraft) -> list:
    return notifications_fan_out_unscoped(user_ids=user_ids, draft=draft)


def _link(value, default: str = "") -> str:
    """Only a path on this site: the page renders it in an href and the email after SITE_URL."""
    if not isinstance(value, str) or not value.startswith("/") or value.startswith("//"):
        return default
    if "\\" in value or any(ch.isspace() for ch in value):
        return default
    return value


def required(data: dict, name: str) -> str:
    value = data.get(name)
    if value in (None, ""):
        raise SkipEvent(f"no {name}")
    return str(value)


def text_of(data: dict, name: str) -> str:
    value = data.get(name)
    return str(value).strip() if value not in (None, "") else ""


def _assessment_label(data: dict) -> str:
    return text_of(data, "assessment_label") or "shared"


def _number(value) -> str:
    try:
        return f"{Decimal(str(value)).normalize():f}" if value not in (None, "") else ""
    except InvalidOperation:
        return str(value)


BRACKET_KEY = re.compile(r"score_([0-5])(?:_(5))?")


def _bracket(data: dict) -> str:
    """ "Bracket 4 (3.75–4.24)" from the producer's label; an older event that carries only the
    key (score_4, score_4_5) still reads "Bracket 4" / "Bracket 4.5", never the key itself."""
    label = text_of(data, "bracket_label")
    if label:
        return f"Bracket {label}"
    key = text_of(data, "bracket")
    match = BRACKET_KEY.fullmatch(key)
    if match:
        return f"Bracket {match[1]}{'.5' if match[2] else ''}"
    number = _number(key) if key else ""
    return f"Bracket {number}" if re.fullmatch(r"\d+(\.\d+)?", number) else ""


def _money(amount, currency) -> str:
    # Stripe amounts are in the currency's smallest unit (cents).
    try:
        value = Decimal(str(amount)) / 100
    except (InvalidOperation, TypeError):
        return "your payment"
    return f"{value:,.2f} {str(currency or '').upper()}".strip()


def _uuids(values: Iterable) -> list[uuid.UUID]:
    found = []
    for value in values:
        try:
            found.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return found


def _active(user_ids: Iterable) -> list:
    ids = _uuids(value for value in user_ids if value)
    if not ids:
        return []
    return list(User.objects.filter(pk__in=ids, is_active=True).values_list("pk", flat=True))


def _users_with_email(email) -> list:
    if not isinstance(email, str) or not email.strip():
        return []
    # Emails are stored lower-cased (the user manager and sign-up normalise them).
    return list(
        User.objects.filter(email=email.strip().lower(), is_active=True).values_list(
            "pk", flat=True
        )
    )


def _members_among(org_id, user_ids: Iterable) -> Iterator:
    Membership = apps.get_model("orgs", "Membership")  # noqa: N806

    for batch in chunks(_uuids(user_ids), RECIPIENT_LOOKUP_BATCH):
        yield from Membership.objects.filter(
            org_id=org_id, user_id__in=batch, user__is_active=True
        ).values_list("user_id", flat=True)


def _org_admins(org_id) -> list:
    Membership = apps.get_model("orgs", "Membership")  # noqa: N806

    return list(
        Membership.objects.filter(
            org_id=org_id,
            role__permissions__overlap=list(SECURITY_ALERT_PERMISSIONS),
            user__is_active=True,
        )
        .values_list("user_id", flat=True)
        .distinct()
    )
