"""The attempt a result scored, as scoring needs it to score it again.

scoring is below assessments and never imports it, yet recomputing a result and asking the
insights provider again need the attempt's answers and the user's onboarding, which live in
assessments' tables. So assessments registers the loader (`register_loader`) in its
AppConfig.ready, and scoring asks through `attempt_for_result`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class ScoredAttempt:
    """What the engine scores: the stored answers and the onboarding fields its SWOT reads."""

    answers: dict
    onboarding: dict = field(default_factory=dict)


_loaders: list[Callable] = []


def register_loader(loader: Callable) -> None:
    """`loader(result) -> ScoredAttempt | None` (None: the attempt no longer exists)."""
    _loaders[:] = [loader]


def attempt_for_result(result) -> ScoredAttempt | None:
    if not _loaders:
        raise ImproperlyConfigured("No app registered the loader of scored attempts.")
    return _loaders[0](result)
