"""Notifications from domain events: one handler per event type (the contract in each docstring).

A handler takes the Event, finds the recipients, and writes one notification per recipient
through `services.notifications_fan_out` with an idempotency key derived from the event's
subject, so a task that runs twice creates nothing new. It returns the ids of the rows it
created (the task emails the high-priority ones). Bad or missing data is logged and skipped:
raising would only retry the same bad event until its retries run out.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal, InvalidOperation

from django.urls import reverse

from accounts.models import User
from notifications.models import Event, NotificationType, Priority
from notifications.services import NotificationDraft, chunks, notifications_fan_out

logger = logging.getLogger(__name__)

Handler = Callable[[Event], list]

# Recipients looked up per query when a producer passes a list of user ids (pulse.due).
RECIPIENT_LOOKUP_BATCH = 5000
# Rows fetched per round trip when streaming an industry's followers.
FOLLOWERS_CHUNK = 2000
# Who hears about an organisation's security alerts: roles that manage its settings or members
# (the owner and the admins with the system roles).
SECURITY_ALERT_PERMISSIONS = ("org.manage_settings", "org.manage_members")


class SkipEvent(Exception):
    """The event lacks what the handler needs; logged, and the event counts as handled."""


def on_assessment_scored(event: Event) -> list:
    """data: result_id, assessment_type, assessment_label, score, bracket (the key),
    bracket_label (its label, e.g. "4 (3.75–4.24)"), link → the taker. The message names the
    bracket by its label, never by its key."""
    data = event.event_data
    label = _text(data, "assessment_label") or "assessment"
    score, bracket = _number(data.get("score")), _bracket(data)
    draft = _draft(
        event,
        NotificationType.ASSESSMENT_SCORED,
        Priority.MEDIUM,
        key=f"assessment.scored:{_required(data, 'result_id')}",
        title=f"Your {label} result is ready",
        message=(f"You scored {score}" if score else "Your score is in")
        + (f" — {bracket}" if bracket else "")
        + ". See your strengths, weaknesses and next steps.",
    )
    return notifications_fan_out(user_ids=_active([event.user_id]), draft=draft)


def on_delegation_received(event: Event) -> list:
    """data: kind, delegation_id, delegate_email, delegate_user_id (or null), assessment_label,
    owner_name, link → the delegate when they have an account (else the producer emails them)."""
    data = event.event_data
    owner, label = _text(data, "owner_name") or "A colleague", _assessment_label(data)
    title, message = {
        "question": (
            f"{owner} delegated a question to you",
            f"{owner} asked you to answer a question of the {label} assessment.",
        ),
        "assessment": (
            f"{owner} delegated an assessment to you",
            f"{owner} asked you to complete the {label} assessment.",
        ),
        "assignment": (
            f"{owner} assigned you an assessment",
            f"{owner} assigned you the {label} assessment.",
        ),
    }.get(
        data.get("kind"),
        (
            f"{owner} asked for your help",
            f"{owner} asked for your help with the {label} assessment.",
        ),
    )
    draft = _draft(
        event,
        NotificationType.DELEGATION_RECEIVED,
        Priority.HIGH,
        key=f"delegation.received:{_required(data, 'delegation_id')}",
        title=title,
        message=message,
    )
    return notifications_fan_out(user_ids=_active([data.get("delegate_user_id")]), draft=draft)


def on_delegation_reminder(event: Event) -> list:
    """As delegation.received, plus reminder_date (ISO date): one reminder per date."""
    data = event.event_data
    owner, label = _text(data, "owner_name") or "A colleague", _assessment_label(data)
    delegation = _required(data, "delegation_id")
    draft = _draft(
        event,
        NotificationType.DELEGATION_RECEIVED,
        Priority.MEDIUM,
        key=f"delegation.reminder:{delegation}:{_required(data, 'reminder_date')}",
        title=f"Reminder: {owner} is waiting for your answer",
        message=f"{owner} is still waiting for your answer on the {label} assessment.",
    )
    return notifications_fan_out(user_ids=_active([data.get("delegate_user_id")]), draft=draft)


def on_invitation_received(event: Event) -> list:
    """data: invitation_id, email, assessment_label, inviter_name, link → the user with that
    email, if there is one."""
    data = event.event_data
    inviter = _text(data, "inviter_name") or "A colleague"
    label = _text(data, "assessment_label")
    draft = _draft(
        event,
        NotificationType.INVITATION_RECEIVED,
        Priority.MEDIUM,
        key=f"invitation.received:{_required(data, 'invitation_id')}",
        title=f"{inviter} invited you to the {label} assessment"
        if label
        else f"{inviter} invited you",
        message="Open the invitation to take part.",
    )
    return notifications_fan_out(user_ids=_users_with_email(data.get("email")), draft=draft)


def on_org_invitation_sent(event: Event) -> list:
    """orgs' own event (data: email, role): someone who already has an account is told in the
    portal too, where they can join without the emailed link."""
    data = event.event_data
    org_name = event.org.name if event.org else "an organisation"
    role = _text(data, "role_name") or _text(data, "role") or "a member"
    draft = _draft(
        event,
        NotificationType.INVITATION_RECEIVED,
        Priority.MEDIUM,
        key=f"org.invitation_sent:{event.pk}",
        title=f"You are invited to join {org_name}",
        message=f"Join {org_name} as {role} from your invitations.",
        default_link=reverse("orgs:create"),
    )
    return notifications_fan_out(user_ids=_users_with_email(data.get("email")), draft=draft)


def on_pulse_due(event: Event) -> list:
    """org set; data: pulse_id, title, user_ids, link → each listed user who is a member of the
    event's organisation (ids of other organisations' users are ignored)."""
    data = event.event_data
    if event.org_id is None:
        raise SkipEvent("pulse.due without an organisation")
    title = _text(data, "title") or "pulse check"
    draft = _draft(
        event,
        NotificationType.PULSE_DUE,
        Priority.MEDIUM,
        key=f"pulse.due:{_required(data, 'pulse_id')}",
        title=f"Your {title} is due",
        message="It takes a few minutes; your answers keep the team's scores current.",
    )
    members = _members_among(event.org_id, data.get("user_ids") or [])
    return notifications_fan_out(user_ids=members, draft=draft)


def on_trial_ending(event: Event) -> list:
    """user set; data: days_left, ends_on, link → that user."""
    data = event.event_data
    days = data.get("days_left")
    when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
    draft = _draft(
        event,
        NotificationType.TRIAL_ENDING,
        Priority.HIGH,
        key=f"trial.ending:{_required(data, 'ends_on')}:{days}",
        title=f"Your trial ends {when}",
        message=f"Your trial ends on {data['ends_on']}. Choose a plan to keep your results, "
        "team and market intelligence.",
    )
    return notifications_fan_out(user_ids=_active([event.user_id]), draft=draft)


def on_payment_failed(event: Event) -> list:
    """user set; data: invoice_id, amount_due, currency, link → that user."""
    data = event.event_data
    amount = _money(data.get("amount_due"), data.get("currency"))
    draft = _draft(
        event,
        NotificationType.PAYMENT_FAILED,
        Priority.HIGH,
        key=f"payment.failed:{_required(data, 'invoice_id')}",
        title="Your payment failed",
        message=f"We could not collect {amount}. Update your payment method to keep your plan.",
    )
    return notifications_fan_out(user_ids=_active([event.user_id]), draft=draft)


def on_subscription_changed(event: Event) -> list:
    """user set; data: plan, status, previous_plan, previous_status, link → that user."""
    data = event.event_data
    plan, status = _text(data, "plan") or "your plan", _text(data, "status")
    before = _text(data, "previous_plan")
    if before and before != plan:
        message = f"You moved from {before} to {plan}."
    else:
        message = f"Your {plan} subscription is now {status or 'updated'}."
    draft = _draft(
        event,
        NotificationType.SUBSCRIPTION_CHANGED,
        Priority.MEDIUM,
        key=f"subscription.changed:{event.pk}",
        title="Your subscription changed",
        message=message,
    )
    return notifications_fan_out(user_ids=_active([event.user_id]), draft=draft)


def on_security_alert(event: Event) -> list:
    """org set; data: alert_id, severity, title, link → the organisation's owner and admins;
    high priority when the severity is high or critical, else medium."""
    data = event.event_data
    if event.org_id is None:
        raise SkipEvent("security.alert without an organisation")
    severity = _text(data, "severity") or "medium"
    draft = _draft(
        event,
        NotificationType.SECURITY_ALERT,
        Priority.HIGH if severity in ("high", "critical") else Priority.MEDIUM,
        key=f"security.alert:{_required(data, 'alert_id')}",
        title=f"Security alert: {_text(data, 'title') or 'check your organisation'}",
        message=f"Severity {severity}. Review it, and the members and API keys of "
        f"{event.org.name}.",
    )
    return notifications_fan_out(user_ids=_org_admins(event.org_id), draft=draft)


def on_trend_new(event: Event) -> list:
    """data: trend_id, industry, title, link → every user following that industry."""
    data = event.event_data
    industry = _required(data, "industry")
    draft = _draft(
        event,
        NotificationType.INDUSTRY_TREND,
        Priority.LOW,
        key=f"trend.new:{_required(data, 'trend_id')}",
        title=f"New trend in your industry: {_text(data, 'title') or industry}",
        message="Read what it means for your market and your growth plan.",
    )
    return notifications_fan_out(user_ids=_industry_followers_unscoped(industry), draft=draft)


def on_reassessment_due(event: Event) -> list:
    """data: prompt_id, assessment_type, assessment_label, link → the user who took it."""
    data = event.event_data
    label = _assessment_label(data)
    draft = _draft(
        event,
        NotificationType.SYSTEM,
        Priority.LOW,
        key=f"reassessment.due:{_required(data, 'prompt_id')}",
        title=f"Time to retake {label}",
        message=f"Retake {label} to see how far you have come since your last result.",
    )
    return notifications_fan_out(user_ids=_active([event.user_id]), draft=draft)


HANDLERS: dict[str, Handler] = {
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
    "trend.new": on_trend_new,
    "reassessment.due": on_reassessment_due,
}


def notify_for_event(event: Event) -> list:
    """Run the event's handler; an event that lacks what it needs is logged and skipped."""
    handler = HANDLERS.get(event.event_type)
    if handler is None:
        return []
    try:
        return handler(event)
    except SkipEvent as exc:
        logger.warning("Event %s (%s) skipped: %s", event.pk, event.event_type, exc)
        return []


# --- Pieces ---------------------------------------------------------------------------------


def _draft(
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


def _link(value, default: str = "") -> str:
    """Only a path on this site: the page renders it in an href and the email after SITE_URL."""
    if not isinstance(value, str) or not value.startswith("/") or value.startswith("//"):
        return default
    if "\\" in value or any(ch.isspace() for ch in value):
        return default
    return value


def _required(data: dict, name: str) -> str:
    value = data.get(name)
    if value in (None, ""):
        raise SkipEvent(f"no {name}")
    return str(value)


def _text(data: dict, name: str) -> str:
    value = data.get(name)
    return str(value).strip() if value not in (None, "") else ""


def _assessment_label(data: dict) -> str:
    return _text(data, "assessment_label") or "shared"


def _number(value) -> str:
    try:
        return f"{Decimal(str(value)).normalize():f}" if value not in (None, "") else ""
    except InvalidOperation:
        return str(value)


BRACKET_KEY = re.compile(r"score_([0-5])(?:_(5))?")


def _bracket(data: dict) -> str:
    """ "Bracket 4 (3.75–4.24)" from the producer's label; an older event that carries only the
    key (score_4, score_4_5) still reads "Bracket 4" / "Bracket 4.5", never the key itself."""
    label = _text(data, "bracket_label")
    if label:
        return f"Bracket {label}"
    key = _text(data, "bracket")
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
    from orgs.models import Membership

    for batch in chunks(_uuids(user_ids), RECIPIENT_LOOKUP_BATCH):
        yield from Membership.objects.filter(
            org_id=org_id, user_id__in=batch, user__is_active=True
        ).values_list("user_id", flat=True)


def _org_admins(org_id) -> list:
    from orgs.models import Membership

    return list(
        Membership.objects.filter(
            org_id=org_id,
            role__permissions__overlap=list(SECURITY_ALERT_PERMISSIONS),
            user__is_active=True,
        )
        .values_list("user_id", flat=True)
        .distinct()
    )


def _industry_followers_unscoped(industry: str) -> Iterator:
    """Across organisations by design: a user follows an industry, not an organisation."""
    from intelligence.models import RealtimeSubscription

    return (
        RealtimeSubscription.objects.filter(industry=industry, is_active=True, user__is_active=True)
        .values_list("user_id", flat=True)
        .distinct()
        .order_by("user_id")
        .iterator(chunk_size=FOLLOWERS_CHUNK)
    )
