"""How scoring tells the apps above it that something happened to a result, synchronously and
in the same transaction (scoring never imports them; they connect in their AppConfig.ready).

- `result_scored(sender=AssessmentScoringResult, result, label, insights)`: a result was just
  written; `insights` are the rubric's insight rows (dicts) for the scored attempt's app.
- `result_viewed(sender=AssessmentScoringResult, result, user, org)`: its owner opened it.
"""

from django.dispatch import Signal

result_scored = Signal()
result_viewed = Signal()
