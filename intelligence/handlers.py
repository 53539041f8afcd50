"""intelligence's reactions to its own events, registered with notifications from the AppConfig
(notifications imports nothing of intelligence)."""

from __future__ import annotations

from intelligence import selectors
from notifications import handlers as notifying
from notifications.models import NotificationType, Priority


def on_trend_new(event) -> list:
    """data: trend_id, industry, title, link → every user following that industry."""
    data = event.event_data
    industry = notifying.required(data, "industry")
    draft = notifying.event_draft(
        event,
        NotificationType.INDUSTRY_TREND,
        Priority.LOW,
        key=f"trend.new:{notifying.required(data, 'trend_id')}",
        title=f"New trend in your industry: {notifying.text_of(data, 'title') or industry}",
        message="Read what it means for your market and your growth plan.",
    )
    return notifying.fan_out(selectors.industry_followers_unscoped(industry=industry), draft)


def register_handlers() -> None:
    from notifications import registry

    registry.register("trend.new", on_trend_new)
