"""Stored result JSON of any shape (adopted rows, hand edits) exports and charts, never a 500."""

import pytest

from scoring import charts
from scoring.exports import result_csv, result_pdf
from scoring.shapes import category_rows, swot_items
from scoring.tests.factories import AssessmentScoringResultFactory

ODD_CATEGORY_SCORES = [
    {"documentation": 4, "measurement": "2.5"},  # the first version's bare numbers
    {"a": None, "b": "not a number", "c": True, "d": 99, "e": "1e200000"},
    {"a": {"score": 3}},  # no label
    [],
    "3.5",
    None,
]


@pytest.mark.parametrize("shape", ODD_CATEGORY_SCORES)
def test_any_stored_category_shape_reads_as_rows_with_a_label_and_a_bounded_score(shape):
    rows = category_rows(shape)

    assert all(set(row) == {"key", "label", "score"} for row in rows)
    assert all(row["score"] is None or 0 <= row["score"] <= 5 for row in rows)


def test_bare_numbers_of_the_first_version_keep_their_score():
    assert category_rows({"documentation": 4, "measurement": "2.5"}) == [
        {"key": "documentation", "label": "documentation", "score": 4.0},
        {"key": "measurement", "label": "measurement", "score": 2.5},
    ]


@pytest.mark.parametrize("swot", [{"strengths": "One text"}, ["a list"], {"threats": 3}, None])
def test_any_stored_swot_shape_reads_as_texts(swot):
    assert all(
        isinstance(item, str) for key in ("strengths", "threats") for item in swot_items(swot, key)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("shape", ODD_CATEGORY_SCORES)
def test_a_result_of_any_stored_shape_exports_as_pdf_csv_and_chart(shape):
    result = AssessmentScoringResultFactory(
        category_scores=shape, swot_analysis=["not", "a", "dict"]
    )

    assert result_csv(result).startswith("section,item,value")
    assert result_pdf(result, org_name="Acme", person="Alice", history=[]).startswith(b"%PDF")
    assert "<svg" in charts.category_bars(shape)
