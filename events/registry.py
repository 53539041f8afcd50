"""Who reacts to which event type: apps above this one register here from AppConfig.ready.

events sits below every app that records or handles events, so it imports none of them; a
handler takes the Event and may return a list (e.g. the ids of the notifications it wrote).
"""

from __future__ import annotations

from collections.abc import Callable

Handler = Callable[..., list | None]

# event_type → the handlers run, in order, when a worker takes the event.
EVENT_HANDLERS: dict[str, list[Handler]] = {}


def register(event_type: str, handler: Handler) -> None:
    """Run `handler(event)` for every event of `event_type` (once, however often registered)."""
    handlers = EVENT_HANDLERS.setdefault(event_type, [])
    if handler not in handlers:
        handlers.append(handler)


def handlers_for(event_type: str) -> list[Handler]:
    return EVENT_HANDLERS.get(event_type, [])
