"""Reads of market intelligence."""

from __future__ import annotations

from collections.abc import Iterator

from config import tenancy
from intelligence.models import RealtimeSubscription

# Rows fetched per round trip when streaming an industry's followers.
FOLLOWERS_CHUNK = 2000


def industry_followers_unscoped(*, industry: str) -> Iterator:
    """Across organisations by design: a user follows an industry, not an organisation."""
    with tenancy.unscoped():
        yield from (
            RealtimeSubscription.objects_unscoped.filter(
                industry=industry, is_active=True, user__is_active=True
            )
            .values_list("user_id", flat=True)
            .distinct()
            .order_by("user_id")
            .iterator(chunk_size=FOLLOWERS_CHUNK)
        )
