"""A result as a board-ready PDF report (fpdf2, drawn natively: no browser, works offline) and
as CSV."""

from __future__ import annotations

import io
from datetime import datetime

from fpdf import FPDF

from config.csv_safe import csv_writer
from scoring.choices import AssessmentType, Bracket
from scoring.models import AssessmentScoringResult
from scoring.shapes import SWOT_KEYS, category_rows, swot_items

INK = (33, 37, 41)
MUTED = (108, 117, 125)
BLUE = (13, 110, 253)


def _latin(text: str) -> str:
    """The core PDF fonts are Latin-1: map typographic punctuation, drop the rest."""
    table = {
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "–": "-",
        "—": "-",
        "…": "...",
        "×": "x",
        "≥": ">=",
        "≤": "<=",
        "→": "->",
        "•": "-",
    }
    for source, target in table.items():
        text = text.replace(source, target)
    return text.encode("latin-1", "replace").decode("latin-1")


def _bar_colour(score: float | None) -> tuple[int, int, int]:
    if score is None:
        return (173, 181, 189)
    if score < 2.5:
        return (220, 53, 69)
    if score < 3.5:
        return (253, 126, 20)
    return (25, 135, 84)


class _Report(FPDF):
    def __init__(self, title: str):
        super().__init__(format="A4")
        self.report_title = title
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 18, 18)

    def footer(self):
        if self.page_no() == 1:
            return
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.set_text_color(*MUTED)
        self.cell(0, 6, _latin(f"{self.report_title} - page {self.page_no()}"), align="C")


def result_pdf(
    result: AssessmentScoringResult, *, org_name: str, person: str, history: list
) -> bytes:
    label = AssessmentType(result.assessment_type).label
    bracket = Bracket(result.bracket).label
    pdf = _Report(f"{label} report - {org_name}")
    pdf.set_title(f"{label} report")
    pdf.set_author("Growth Platform")

    # Cover.
    pdf.add_page()
    pdf.set_fill_color(*BLUE)
    pdf.rect(0, 0, 210, 80, style="F")
    pdf.set_text_color(255, 255, 255)
    pdf.set_font("Helvetica", "B", 26)
    pdf.set_xy(18, 28)
    pdf.multi_cell(174, 12, _latin(f"{label} assessment"))
    pdf.set_font("Helvetica", size=13)
    pdf.set_x(18)
    pdf.multi_cell(174, 8, _latin(f"{org_name} - report for the board"))
    pdf.set_text_color(*INK)
    pdf.set_xy(18, 100)
    pdf.set_font("Helvetica", "B", 60)
    pdf.cell(70, 26, f"{result.score}", new_x="RIGHT")
    pdf.set_font("Helvetica", size=14)
    pdf.set_xy(90, 104)
    pdf.multi_cell(100, 7, _latin(f"out of 5\nBracket {bracket}"))
    pdf.set_xy(18, 134)
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(174, 7, _latin(result.description or ""))
    pdf.ln(6)
    pdf.set_font("Helvetica", size=10)
    pdf.set_text_color(*MUTED)
    confidence = f"{int(result.confidence * 100)}%" if result.confidence is not None else "n/a"
    pdf.multi_cell(
        174,
        6,
        _latin(
            f"Taken by {person} on {result.created_at:%d %B %Y}. Answer coverage (confidence): "
            f"{confidence}. Question bank {result.template.version if result.template else 'v1'}"
            f", rubric {result.rubric_version or 'v1'}. Generated {datetime.now():%d %B %Y}."
        ),
    )

    # Categories chart.
    pdf.add_page()
    _heading(pdf, "Score by category")
    categories = category_rows(result.category_scores)
    for row in categories:
        score = row.get("score")
        y = pdf.get_y()
        pdf.set_font("Helvetica", size=10)
        pdf.set_text_color(*INK)
        pdf.set_xy(18, y)
        pdf.cell(62, 8, _latin(row.get("label", ""))[:38])
        pdf.set_fill_color(233, 236, 239)
        pdf.rect(82, y + 1.5, 90, 5, style="F")
        if score is not None:
            pdf.set_fill_color(*_bar_colour(score))
            pdf.rect(82, y + 1.5, 90 * float(score) / 5, 5, style="F")
        pdf.set_xy(175, y)
        pdf.cell(20, 8, f"{float(score):.2f}" if score is not None else "n/a", align="R")
        pdf.ln(9)
    if len(history) > 1:
        pdf.ln(4)
        _heading(pdf, "History")
        pdf.set_font("Helvetica", size=10)
        for past in history[-8:]:
            pdf.cell(60, 6, f"{past.created_at:%d %b %Y}")
            pdf.cell(30, 6, f"{past.score}", new_x="LMARGIN", new_y="NEXT")

    # SWOT.
    pdf.ln(4)
    _heading(pdf, "SWOT")
    for key, title in (
        ("strengths", "Strengths"),
        ("weaknesses", "Weaknesses"),
        ("opportunities", "Opportunities"),
        ("threats", "Threats"),
    ):
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(0, 7, title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=10)
        for item in swot_items(result.swot_analysis, key) or ["None identified."]:
            pdf.multi_cell(174, 5.5, _latin(f"- {item}"), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    # Recommendations.
    pdf.ln(3)
    _heading(pdf, "Recommendations")
    pdf.set_font("Helvetica", size=10)
    for index, item in enumerate(result.recommendations or [], start=1):
        pdf.multi_cell(174, 5.5, _latin(f"{index}. {item}"), new_x="LMARGIN", new_y="NEXT")
    if result.next_steps:
        pdf.ln(3)
        _heading(pdf, "Next steps")
        pdf.set_font("Helvetica", size=10)
        for item in result.next_steps:
            pdf.multi_cell(174, 5.5, _latin(f"- {item}"), new_x="LMARGIN", new_y="NEXT")
    if result.ai_insights:
        pdf.ln(3)
        _heading(pdf, "Insights")
        pdf.set_font("Helvetica", size=10)
        pdf.multi_cell(174, 5.5, _latin(result.ai_insights), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _heading(pdf: FPDF, text: str) -> None:
    pdf.set_font("Helvetica", "B", 15)
    pdf.set_text_color(*BLUE)
    pdf.cell(0, 10, _latin(text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)


def result_csv(result: AssessmentScoringResult) -> str:
    """One row per fact: section, item, value (opens cleanly in a spreadsheet)."""
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(["section", "item", "value"])
    writer.writerow(["result", "assessment", AssessmentType(result.assessment_type).label])
    writer.writerow(["result", "date", result.created_at.isoformat()])
    writer.writerow(["result", "score", str(result.score)])
    writer.writerow(["result", "bracket", result.bracket])
    writer.writerow(["result", "confidence", str(result.confidence)])
    writer.writerow(["result", "rubric_version", result.rubric_version])
    for row in category_rows(result.category_scores):
        writer.writerow(["category", row["label"], row["score"]])
    for key in SWOT_KEYS:
        for item in swot_items(result.swot_analysis, key):
            writer.writerow([f"swot:{key}", "", item])
    for item in result.recommendations or []:
        writer.writerow(["recommendation", "", item])
    for item in result.next_steps or []:
        writer.writerow(["next_step", "", item])
    return out.getvalue()
