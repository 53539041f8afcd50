"""intelligence's reactions to its own events, registered with notifications from the AppConfig
(notifications imports nothing of intelligence)."""

from __future__ import annotations


def on_trend_new(event) -> list:
    """data: trend_id, industry, title, link. Followers are no longer notified per trend: the
    hourly digest (intelligence.digest, the `send_digests` beat task) summarises an hour's new
    items in one notification per user, so a feed burst does not send a hundred. The event
    stays the record that the trend was published."""
    return []


def register_handlers() -> None:
    from notifications import registry

    registry.register("trend.new", on_trend_new)
