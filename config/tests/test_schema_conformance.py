"""The migrated database matches the seed's data architecture (docs/seed-schema.json).

Each test checks one kind of promise (tables, columns, types, defaults, constraints, indexes,
foreign keys, enum types, triggers) over every table of the seed and, on failure, lists every gap.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

import pytest
from django.db import connection

MANIFEST_PATH = Path(__file__).resolve().parents[2] / "docs" / "seed-schema.json"

pytestmark = pytest.mark.django_db


@cache
def manifest() -> dict:
    return json.loads(MANIFEST_PATH.read_text(encoding="utf-8"))


def tables() -> list[dict]:
    return manifest()["tables"]


def fetch(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def existing_tables() -> set[str]:
    rows = fetch(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
    )
    return {name for (name,) in rows}


def existing_columns() -> dict[str, dict[str, dict]]:
    rows = fetch(
        """
        SELECT table_name, column_name, data_type, udt_name, character_maximum_length,
               numeric_precision, numeric_scale, column_default
        FROM information_schema.columns WHERE table_schema = current_schema()
        """
    )
    found: dict[str, dict[str, dict]] = defaultdict(dict)
    for table, column, data_type, udt, length, precision, scale, default in rows:
        found[table][column] = {
            "data_type": data_type,
            "udt_name": udt,
            "length": length,
            "precision": precision,
            "scale": scale,
            "default": default,
        }
    return found


CONSTRAINTS_SQL = """
SELECT rel.relname, con.conname, con.contype,
       ARRAY(SELECT att.attname FROM unnest(con.conkey) WITH ORDINALITY k(n, i)
             JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = k.n
             ORDER BY k.i)::text[],
       ref.relname,
       ARRAY(SELECT att.attname FROM unnest(con.confkey) WITH ORDINALITY k(n, i)
             JOIN pg_attribute att ON att.attrelid = con.confrelid AND att.attnum = k.n
             ORDER BY k.i)::text[]
FROM pg_constraint con
JOIN pg_class rel ON rel.oid = con.conrelid
JOIN pg_namespace ns ON ns.oid = rel.relnamespace AND ns.nspname = current_schema()
LEFT JOIN pg_class ref ON ref.oid = con.confrelid
"""

INDEXES_SQL = """
SELECT tbl.relname, idx.relname, ix.indisunique, ix.indpred IS NOT NULL,
       ARRAY(SELECT att.attname FROM unnest(ix.indkey) WITH ORDINALITY k(n, i)
             JOIN pg_attribute att ON att.attrelid = ix.indrelid AND att.attnum = k.n
             ORDER BY k.i)::text[],
       ix.indkey::int2[]
FROM pg_index ix
JOIN pg_class tbl ON tbl.oid = ix.indrelid
JOIN pg_class idx ON idx.oid = ix.indexrelid
JOIN pg_namespace ns ON ns.oid = tbl.relnamespace AND ns.nspname = current_schema()
"""


def report(kind: str, gaps: list[str]) -> str:
    lines = [f"{len(gaps)} {kind} (docs/seed-schema.json vs the migrated database):"]
    lines += [f"  - {gap}" for gap in gaps]
    return "\n".join(lines)


def type_gap(expected: dict, found: dict) -> str | None:
    """None when the column's type is the documented one, else a description of the difference."""
    want = expected["type"]
    got = found["data_type"]
    if want in ("ARRAY", "USER-DEFINED"):
        ok = got == want and found["udt_name"] == expected["udt_name"]
        want = f"{want} ({expected['udt_name']})"
        got = f"{got} ({found['udt_name']})"
    elif match := re.fullmatch(r"character varying\((\d+)\)", want):
        ok = got == "character varying" and found["length"] == int(match[1])
        got = f"{got}({found['length']})"
    elif match := re.fullmatch(r"numeric\((\d+),(\d+)\)", want):
        ok = (
            got == "numeric"
            and found["precision"] == int(match[1])
            and found["scale"] == int(match[2])
        )
        got = f"{got}({found['precision']},{found['scale']})"
    else:
        ok = got == want
        if got in ("ARRAY", "USER-DEFINED"):
            got = f"{got} ({found['udt_name']})"
    return None if ok else f"documented {want}, found {got}"


def default_gap(expected: dict, found: dict) -> str | None:
    want = expected["default"]
    got = found["default"]
    if got is None:
        return f"documented default {want!r}, the database has none"
    if expected["type"] in ("integer", "boolean") or expected["type"].startswith("numeric"):
        number = re.search(r"-?\d+(\.\d+)?|true|false", got)
        if number is None:
            return f"documented default {want!r}, found {got!r}"
        try:
            equal = Decimal(number[0]) == Decimal(want)
        except InvalidOperation:
            equal = number[0] == want
        return None if equal else f"documented default {want!r}, found {got!r}"
    quoted = "'" + want.replace("'", "''") + "'"
    return None if quoted in got else f"documented default {want!r}, found {got!r}"


def test_every_seed_table_exists():
    found = existing_tables()
    gaps = [
        f"{t['name']} (§{t['section']}, {t['owner']})" for t in tables() if t["name"] not in found
    ]
    assert not gaps, report("missing tables", gaps)


def test_every_documented_column_exists_with_its_type_and_default():
    found = existing_columns()
    missing, mismatched, defaults = [], [], []
    for table in tables():
        if table["name"] not in found:
            continue  # reported by test_every_seed_table_exists
        for column in table["columns"]:
            where = f"{table['name']}.{column['name']}"
            actual = found[table["name"]].get(column["name"])
            if actual is None:
                missing.append(where)
                continue
            if gap := type_gap(column, actual):
                mismatched.append(f"{where}: {gap}")
            if "default" in column and (gap := default_gap(column, actual)):
                defaults.append(f"{where}: {gap}")
    gaps = (
        [f"missing column {g}" for g in missing]
        + [f"type mismatch {g}" for g in mismatched]
        + [f"default {g}" for g in defaults]
    )
    assert not gaps, report("column gaps", gaps)


def test_documented_primary_keys():
    present = existing_tables()
    keys = {table: cols for table, _, kind, cols, _, _ in fetch(CONSTRAINTS_SQL) if kind == "p"}
    gaps = [
        f"{t['name']}: documented primary key {t['primary_key']}, found {keys.get(t['name'])}"
        for t in tables()
        if "primary_key" in t and t["name"] in present and keys.get(t["name"]) != t["primary_key"]
    ]
    assert not gaps, report("primary key gaps", gaps)


def test_documented_check_constraints_exist_by_name():
    present = existing_tables()
    checks = {(table, name) for table, name, kind, *_ in fetch(CONSTRAINTS_SQL) if kind == "c"}
    gaps = [
        f"{t['name']}: {check['name']} ({check['description']})"
        for t in tables()
        if t["name"] in present
        for check in t["checks"]
        if (t["name"], check["name"]) not in checks
    ]
    assert not gaps, report("missing check constraints", gaps)


def test_documented_unique_constraints_exist():
    present = existing_tables()
    unique_sets = defaultdict(set)
    for table, _, unique, partial, columns, keys in fetch(INDEXES_SQL):
        if unique and not partial and 0 not in keys:
            unique_sets[table].add(frozenset(columns))
    gaps = [
        f"{t['name']}: unique ({', '.join(u['columns'])}), e.g. {u['name']}"
        for t in tables()
        if t["name"] in present
        for u in t["uniques"]
        if frozenset(u["columns"]) not in unique_sets[t["name"]]
    ]
    assert not gaps, report("missing unique constraints", gaps)


def test_documented_indexes_exist():
    present = existing_tables()
    leading = defaultdict(set)
    for table, _, _, partial, columns, keys in fetch(INDEXES_SQL):
        if columns and keys[0] != 0 and not partial:
            leading[table].add(columns[0])
    gaps = [
        f"{t['name']}: index on {', '.join(i['columns'])} {i['order']}, e.g. {i['name']}"
        for t in tables()
        if t["name"] in present
        for i in t["indexes"]
        if i["columns"][0] not in leading[t["name"]]
    ]
    assert not gaps, report("missing indexes", gaps)


def test_documented_foreign_keys_exist():
    present = existing_tables()
    fks = {
        (table, cols[0], ref, ref_cols[0])
        for table, _, kind, cols, ref, ref_cols in fetch(CONSTRAINTS_SQL)
        if kind == "f" and len(cols) == 1
    }
    gaps = [
        f"{t['name']}.{fk['column']} → {fk['references_table']}({fk['references_column']})"
        for t in tables()
        if t["name"] in present
        for fk in t["foreign_keys"]
        if (t["name"], fk["column"], fk["references_table"], fk["references_column"]) not in fks
    ]
    assert not gaps, report("missing foreign keys", gaps)


def test_seed_enum_types_exist_with_their_values():
    rows = fetch(
        """
        SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[]
        FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
        JOIN pg_namespace ns ON ns.oid = t.typnamespace AND ns.nspname = current_schema()
        GROUP BY t.typname
        """
    )
    found = dict(rows)
    gaps = []
    for name, spec in manifest()["enums"].items():
        if name not in found:
            gaps.append(f"enum type {name} (§{spec['section']}) is missing")
        elif spec["values"] is not None and found[name] != spec["values"]:
            gaps.append(f"enum type {name}: documented {spec['values']}, found {found[name]}")
    assert not gaps, report("enum type gaps", gaps)


def test_every_updated_at_column_is_kept_current_by_a_trigger():
    """Seed §14.2: timestamp updates are triggers, so writes from outside Django count too."""
    seed_tables = {t["name"] for t in tables() if not t.get("updated_at_is_copy")}
    with_updated_at = {
        table for table, columns in existing_columns().items() if "updated_at" in columns
    }
    triggers = {
        (table, name)
        for table, name in fetch(
            "SELECT event_object_table, trigger_name FROM information_schema.triggers "
            "WHERE trigger_schema = current_schema()"
        )
    }
    gaps = sorted(
        f"{table}: trigger {table}_set_updated_at"
        for table in with_updated_at & seed_tables
        if (table, f"{table}_set_updated_at") not in triggers
    )
    if "growth_assessment" in seed_tables and (
        ("growth_assessment", "growth_assessment_archive") not in triggers
    ):
        gaps.append("growth_assessment: archive trigger growth_assessment_archive")
    assert not gaps, report("missing triggers", gaps)


def test_the_manifest_lists_every_seed_table_once():
    names = [t["name"] for t in tables()]
    assert len(names) == len(set(names))
    assert len(names) >= 98
