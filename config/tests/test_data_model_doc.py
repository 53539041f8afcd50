"""docs/data-model.md says, for every table, how its rows are scoped (the Tenancy column): org,
org-or-personal, user or global. This keeps that column true to the models' default managers, and
every model of our apps in the document."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

from config.tenancy import manager_kind
from config.tests.test_tenancy import our_models

DOC = Path(settings.BASE_DIR) / "docs" / "data-model.md"
KINDS = {"org", "org-or-personal", "user", "global"}


def documented_kinds() -> dict[str, str]:
    """table -> the kind the document gives it, from every table with a Tenancy column."""
    found, column = {}, None
    for line in DOC.read_text().splitlines():
        if not line.startswith("|"):
            column = None
            continue
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if cells[0] == "Table":
            column = cells.index("Tenancy") if "Tenancy" in cells else None
            continue
        if column is None or set(cells[0]) <= {"-"}:
            continue
        tables = [name.strip().strip("`") for name in cells[0].split(",")]
        cell = cells[column]
        if "(" in cell:  # "org (realtime_events), org-or-personal (realtime_subscriptions)"
            for kind, names in re.findall(r"([\w-]+) \(([^)]*)\)", cell):
                for name in names.split(","):
                    found[name.strip()] = kind
        else:
            for table in tables:
                found[table] = cell
    return found


def test_the_tenancy_column_names_a_kind_for_every_table_listed():
    unknown = {table: kind for table, kind in documented_kinds().items() if kind not in KINDS}
    assert unknown == {}


def test_the_tenancy_column_matches_each_models_default_manager():
    documented = documented_kinds()
    wrong = {
        model._meta.db_table: (documented[model._meta.db_table], manager_kind(model))
        for model in our_models()
        if model._meta.db_table in documented
        and documented[model._meta.db_table] != manager_kind(model)
    }
    assert wrong == {}, "table: (the document's kind, the model's)"


def test_every_model_of_our_apps_is_in_the_document():
    documented = documented_kinds()
    missing = sorted(
        f"{model._meta.label} ({model._meta.db_table})"
        for model in our_models()
        if model._meta.db_table not in documented
    )
    assert missing == []
