"""What a user follows: industries and sources (realtime_subscriptions).

A follow is the user's own, wherever they read the feed: a personal row (org NULL), which the
org-or-personal manager shows the user in every organisation's scope and nobody else. One row
per (user, topic, industry): an industry follow is topic "industry" with the industry's name;
a source follow is topic "source:<name>" (the table has no source column).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from events.services import event_record
from intelligence.models import RealtimeSubscription

INDUSTRY = "industry"
SOURCE = "source"
KINDS = (INDUSTRY, SOURCE)
SOURCE_PREFIX = "source:"
MAX_NAME = 100 - len(SOURCE_PREFIX)


@dataclass(frozen=True)
class Follows:
    industries: tuple[str, ...]
    sources: tuple[str, ...]


def _key(kind: str, name: str) -> dict:
    name = (name or "").strip()
    if kind not in KINDS:
        raise ValidationError({"kind": ["Follow an industry or a source."]})
    if not name or len(name) > MAX_NAME:
        raise ValidationError({"name": [f"Give a name of 1 to {MAX_NAME} characters."]})
    if kind == INDUSTRY:
        return {"topic": INDUSTRY, "industry": name}
    return {"topic": SOURCE_PREFIX + name, "industry": ""}


def follows_of_user(*, user: User) -> Follows:
    """The user's active follows (one query)."""
    rows = RealtimeSubscription.objects.filter(user=user, is_active=True).values_list(
        "topic", "industry"
    )
    industries, sources = [], []
    for topic, industry in rows:
        if topic.startswith(SOURCE_PREFIX):
            sources.append(topic[len(SOURCE_PREFIX) :])
        elif industry:  # topic "industry", or an older row's topic ("market", "pricing")
            industries.append(industry)
    return Follows(industries=tuple(sorted(set(industries))), sources=tuple(sorted(set(sources))))


def follow_rows_of_user(*, user: User):
    return RealtimeSubscription.objects.filter(user=user, is_active=True).order_by(
        "-created_at", "-id"
    )


@transaction.atomic
def follow_set(*, user: User, kind: str, name: str, active: bool) -> RealtimeSubscription:
    """Follow (active=True) or unfollow an industry or a source; doing it twice is a no-op."""
    key = _key(kind, name)
    row, created = RealtimeSubscription.objects.get_or_create(
        user=user, **key, defaults={"org": None, "is_active": active}
    )
    if not created and row.is_active != active:
        row.is_active = active
        row.save(update_fields=["is_active"])
    elif not created:
        return row
    event_record(
        event_type="intelligence.followed" if active else "intelligence.unfollowed",
        source="intelligence",
        user=user,
        data={"kind": kind, "name": name.strip()},
    )
    return row


@transaction.atomic
def follow_unset(*, follow: RealtimeSubscription) -> RealtimeSubscription:
    """Unfollow by row (the API's DELETE): the row stays, inactive, for the next follow."""
    if follow.is_active:
        follow.is_active = False
        follow.save(update_fields=["is_active"])
        event_record(
            event_type="intelligence.unfollowed",
            source="intelligence",
            user=follow.user,
            data={"topic": follow.topic, "industry": follow.industry},
        )
    return follow
