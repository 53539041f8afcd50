"""Reading stored result JSON whatever shape it has.

Results scored by this engine store `category_scores` as {key: {"label", "score", ...}}; rows
adopted from the first version (or written by hand) may hold a bare number per category, a
string, or nothing. Every reader (charts, PDF, CSV) goes through `category_rows`, so an old or
odd row is shown as well as it can be, never a 500.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation


def _score(value) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        score = float(Decimal(str(value))) if len(str(value)) <= 32 else None
    except (InvalidOperation, ValueError):
        return None
    if score is None or not 0 <= score <= 5:
        return None
    return score


def category_rows(category_scores) -> list[dict]:
    """[{"key", "label", "score" (0–5 or None)}] in stored order."""
    if not isinstance(category_scores, dict):
        return []
    rows = []
    for key, row in category_scores.items():
        if isinstance(row, dict):
            label, score = row.get("label") or key, _score(row.get("score"))
        else:
            label, score = key, _score(row)
        rows.append({"key": str(key), "label": str(label), "score": score})
    return rows


def swot_items(swot, key: str) -> list[str]:
    """The texts of one SWOT quadrant: a list of texts, or a lone text, else nothing."""
    if not isinstance(swot, dict):
        return []
    items = swot.get(key)
    if isinstance(items, str):
        return [items]
    if isinstance(items, list):
        return [str(item) for item in items if item not in (None, "")]
    return []


SWOT_KEYS = ("strengths", "weaknesses", "opportunities", "threats")
