"""Charts drawn on the server as inline SVG: no JavaScript, readable offline, printable, and
accessible (each chart has a title, and the page shows the same numbers as a table)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from scoring.shapes import category_rows


def _colour(score: float | None) -> str:
    if score is None:
        return "#adb5bd"
    if score < 2.5:
        return "#dc3545"
    if score < 3.5:
        return "#fd7e14"
    return "#198754"


def category_bars(categories: dict[str, dict], *, title: str = "Score by category") -> SafeString:
    """Horizontal bars, 0–5, one per category (category_scores JSON of a result)."""
    rows = category_rows(categories)
    label_width, bar_width, row_height = 250, 320, 34
    height = row_height * len(rows) + 40
    width = label_width + bar_width + 60
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="chart-cat-title" viewBox="0 0 {width} '
        f'{height}" width="100%" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-cat-title">{escape(title)}</title>',
    ]
    for tick in range(6):
        x = label_width + bar_width * tick / 5
        parts.append(
            f'<line x1="{x:.1f}" y1="8" x2="{x:.1f}" y2="{height - 26}" stroke="#dee2e6"/>'
            f'<text x="{x:.1f}" y="{height - 8}" font-size="12" text-anchor="middle" '
            f'fill="#6c757d">{tick}</text>'
        )
    for index, row in enumerate(rows):
        y = 12 + index * row_height
        score = row.get("score")
        length = bar_width * (float(score) / 5 if score is not None else 0)
        shown = f"{float(score):.2f}" if score is not None else "not answered"
        parts.append(
            f'<text x="{label_width - 10}" y="{y + 17}" font-size="13" text-anchor="end" '
            f'fill="#212529">{escape(row.get("label", ""))}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" height="20" rx="3" '
            f'fill="{_colour(score)}"><title>{escape(row.get("label", ""))}: {shown}</title></rect>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + 18}" font-size="12" '
            f'fill="#212529">{shown}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every interpolated text is escaped)


def history_line(points: list[tuple[str, Decimal | float]], *, title: str) -> SafeString:
    """Score over time: points are (date label, score), oldest first."""
    width, height, left, bottom, top = 640, 220, 36, 30, 14
    plot_w, plot_h = width - left - 40, height - bottom - top
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="chart-hist-title" viewBox="0 0 {width} '
        f'{height}" width="100%" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-hist-title">{escape(title)}</title>',
    ]
    for tick in range(6):
        y = top + plot_h - plot_h * tick / 5
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - 16}" y2="{y:.1f}" stroke="#dee2e6"/>'
            f'<text x="{left - 8}" y="{y + 4:.1f}" font-size="12" text-anchor="end" '
            f'fill="#6c757d">{tick}</text>'
        )
    count = len(points)
    coords = []
    for index, (label, score) in enumerate(points):
        x = left + (plot_w * index / (count - 1) if count > 1 else plot_w / 2)
        y = top + plot_h - plot_h * float(score) / 5
        coords.append((x, y, label, score))
    if len(coords) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in coords)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#0d6efd" stroke-width="2.5"/>')
    step = max(1, count // 8)
    for index, (x, y, label, score) in enumerate(coords):
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="#0d6efd">'
            f"<title>{escape(label)}: {float(score):.2f}</title></circle>"
        )
        if index % step == 0 or index == count - 1:
            parts.append(
                f'<text x="{x:.1f}" y="{height - 8}" font-size="11" text-anchor="middle" '
                f'fill="#6c757d">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every interpolated text is escaped)
