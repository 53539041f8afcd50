"""The Citus layout of docs/scale-out.md holds for the migrated schema.

Citus distributes an org-owned table by `org_id`, so every row of one organisation lives on one
shard, co-located with the organisation's other rows. It enforces a unique constraint, a unique
index or a primary key only when it contains the distribution column, and a foreign key between
distributed tables only when both sides carry it. So, read from the migrated test database (every
constraint, every unique index, partial and expression ones too) and from the models
(`config.tenancy.manager_kind`):

1. every org-owned table has `org_id`, NOT NULL, or is listed in NULLABLE_ORG_EXCEPTIONS;
2. each unique constraint and unique index of an org-owned table contains `org_id`, or is listed
   in UNIQUE_EXCEPTIONS with the reason it may stay as it is on one PostgreSQL and what it
   becomes under Citus;
3. its primary key is `(org_id, …)` or the single uuid column `id`, which the cutover step of
   docs/scale-out.md ("Primary keys") turns into `(org_id, id)`; anything else is listed;
4. each of its foreign keys points at a global table (a reference table under Citus) or at
   another org-owned table (co-located: the key becomes `(org_id, x_id) → (org_id, id)`), or is
   listed in FOREIGN_KEY_EXCEPTIONS;
5. an org-or-personal table has a nullable org column and a user column, which is NOT NULL or
   listed in NULLABLE_OWNER_EXCEPTIONS: its distribution column `tenant_id` is fixed at insert as
   coalesce(org_id, <user>_id, the platform tenant), see docs/scale-out.md.

A listed exception that no longer exists fails too, so the lists stay exact.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection

from config import tenancy
from config.tests.test_tenancy import OUR_APPS

_TOKEN = (
    "a 256-bit random token's hash, found by the link's token before the organisation is known; "
    "unique by construction. Under Citus: unique (org_id, token_hash), and the lookup by token "
    "is one multi-shard query per link opened"
)
_PULSE = (
    "pulse_id determines org_id (a pulse belongs to one organisation), so the same constraint "
    "with org_id in front means the same; the cutover step adds it"
)

# Unique constraints and indexes of org-owned tables without org_id: name → reason.
UNIQUE_EXCEPTIONS: dict[str, str] = {
    "assessment_invitations_token_hash_key": _TOKEN,
    "org_invitations_token_hash_key": _TOKEN,
    "org_api_keys_prefix_key": (
        "authentication finds a key by its prefix before it knows the organisation, on every API "
        "request: org_api_keys is a reference table under Citus (a few rows per organisation, "
        "written rarely), where a global unique constraint holds"
    ),
    "org_api_keys_key_hash_key": "org_api_keys is a reference table under Citus (see its prefix)",
    "pulse_delegations_pulse_id_delegate_email_uniq": _PULSE,
    "pulse_responses_pulse_id_respondent_id_uniq": _PULSE,
}

# Primary keys that are neither (org_id, …) nor the single uuid column id: name → reason.
PRIMARY_KEY_EXCEPTIONS: dict[str, str] = {}

# Foreign keys of org-owned tables to a table that is neither org-owned nor global.
FOREIGN_KEY_EXCEPTIONS: dict[str, str] = {
    "team_activities.assignee_id": (
        "team_members is org-or-personal, distributed by tenant_id = coalesce(org_id, owner): an "
        "activity's assignee is a member of the activity's organisation, so the key becomes "
        "(org_id, assignee_id) → (tenant_id, id) on the same shard"
    ),
}

# Org-owned tables whose org_id may be NULL: table → reason and what Citus needs.
NULLABLE_ORG_EXCEPTIONS: dict[str, str] = {
    "realtime_events": (
        "a row with org NULL is a platform broadcast to every connected client. Under Citus the "
        "broadcasts move to their own table (a Citus local table on the coordinator: few rows, "
        "short-lived) and org_id becomes NOT NULL; on one PostgreSQL the one table serves both"
    ),
}

_KEPT = (
    "the row outlives its user (on_delete SET_NULL) and its tenant_id, fixed at insert, keeps it "
    "on the shard where it was written"
)
# Org-or-personal tables whose user column may be NULL: table → reason.
NULLABLE_OWNER_EXCEPTIONS: dict[str, str] = {
    "assessment_analytics": _KEPT + " (the funnel still counts it)",
    "growth_studio_audit_log": _KEPT + " (the record of what was done)",
    "security_alerts": _KEPT + " (an organisation's alert about a user since deleted)",
    "events": _KEPT + "; a platform event has neither org nor user: the platform tenant",
}

STALE = "listed exceptions that no longer exist: drop them from the list"

pytestmark = pytest.mark.django_db


def _models(kind: str) -> list:
    return sorted(
        (
            model
            for app in OUR_APPS
            for model in apps.get_app_config(app).get_models()
            if tenancy.manager_kind(model) == kind
        ),
        key=lambda model: model._meta.db_table,
    )


def _global_tables() -> set[str]:
    ours = {m._meta.db_table for app in OUR_APPS for m in apps.get_app_config(app).get_models()}
    django_tables = {m._meta.db_table for m in apps.get_models()} - ours
    return {m._meta.db_table for m in _models("global")} | django_tables


_UNIQUE_SQL = """
select i.relname, x.indisprimary,
       coalesce(array_agg(a.attname order by a.attnum) filter (where a.attname is not null), '{}'),
       pg_get_indexdef(x.indexrelid)
from pg_index x
join pg_class i on i.oid = x.indexrelid
left join pg_attribute a on a.attrelid = x.indrelid and a.attnum = any(x.indkey) and a.attnum > 0
where x.indrelid = %s::regclass and (x.indisunique or x.indisprimary)
group by i.relname, x.indisprimary, x.indexrelid
"""
_EXCLUSION_SQL = "select conname from pg_constraint where conrelid = %s::regclass and contype = 'x'"


def _unique_indexes(table: str) -> list[tuple[str, bool, list[str], str]]:
    """Every unique index of `table` (constraints are backed by one): name, is the primary key,
    its plain columns, its definition (expressions and a partial index's WHERE)."""
    with connection.cursor() as cursor:
        cursor.execute(_UNIQUE_SQL, [table])
        return [(name, primary, list(columns), ddl) for name, primary, columns, ddl in cursor]


def _has_org_id(columns: list[str], definition: str) -> bool:
    key = definition.split(" USING ", 1)[-1].split(" WHERE ", 1)[0]
    return "org_id" in columns or "org_id" in key


def test_there_are_org_owned_tables_to_distribute():
    assert len(_models("org")) >= 10


def test_every_org_owned_table_has_a_not_null_org_id():
    missing = []
    for model in _models("org"):
        with connection.cursor() as cursor:
            description = connection.introspection.get_table_description(
                cursor, model._meta.db_table
            )
        org = [column for column in description if column.name == "org_id"]
        if not org or org[0].null_ok and model._meta.db_table not in NULLABLE_ORG_EXCEPTIONS:
            missing.append(model._meta.db_table)
    assert missing == []
    stale = set(NULLABLE_ORG_EXCEPTIONS) - {
        model._meta.db_table
        for model in _models("org")
        if model._meta.get_field(model._default_manager.org_field).null
    }
    assert sorted(stale) == [], STALE


def test_each_unique_constraint_of_an_org_owned_table_includes_org_id_or_is_listed():
    unlisted, seen = [], set()
    for model in _models("org"):
        for name, primary, columns, definition in _unique_indexes(model._meta.db_table):
            if primary or _has_org_id(columns, definition):
                continue
            seen.add(name)
            if name not in UNIQUE_EXCEPTIONS:
                unlisted.append(f"{model._meta.db_table}: {definition}")
        with connection.cursor() as cursor:
            cursor.execute(_EXCLUSION_SQL, [model._meta.db_table])
            unlisted += [f"{model._meta.db_table}: exclusion {name}" for (name,) in cursor]
    assert unlisted == [], "add org_id to these or list them, with a reason, in UNIQUE_EXCEPTIONS"
    assert sorted(set(UNIQUE_EXCEPTIONS) - seen) == [], STALE


def test_each_primary_key_of_an_org_owned_table_includes_org_id_or_is_the_uuid_id():
    unlisted = []
    for model in _models("org"):
        for name, primary, columns, _definition in _unique_indexes(model._meta.db_table):
            if not primary or columns[0] == "org_id" or name in PRIMARY_KEY_EXCEPTIONS:
                continue
            pk = model._meta.pk
            if columns != ["id"] or pk.column != "id" or pk.get_internal_type() != "UUIDField":
                unlisted.append(f"{model._meta.db_table}: primary key {columns}")
    assert unlisted == [], "the cutover step needs (org_id, id): list these with a reason"


def test_each_foreign_key_of_an_org_owned_table_targets_a_reference_or_co_located_table():
    org_tables = {model._meta.db_table for model in _models("org")}
    allowed = org_tables | _global_tables()
    unlisted, seen = [], set()
    for table in sorted(org_tables):
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, table)
        for constraint in constraints.values():
            if not constraint["foreign_key"]:
                continue
            target = constraint["foreign_key"][0]
            if target in allowed:
                continue
            key = f"{table}.{','.join(constraint['columns'])}"
            seen.add(key)
            if key not in FOREIGN_KEY_EXCEPTIONS:
                unlisted.append(f"{key} → {target}")
    assert unlisted == [], "list these in FOREIGN_KEY_EXCEPTIONS with what they become"
    assert sorted(set(FOREIGN_KEY_EXCEPTIONS) - seen) == [], STALE


def test_every_org_or_personal_row_has_a_tenant_key():
    nullable, seen = [], set()
    for model in _models("org-or-personal"):
        manager = model._default_manager
        org = model._meta.get_field(manager.org_field)
        user = model._meta.get_field(manager.user_field)
        assert org.null, f"{model._meta.label}: org-or-personal with a NOT NULL org"
        if user.null:
            seen.add(model._meta.db_table)
            if model._meta.db_table not in NULLABLE_OWNER_EXCEPTIONS:
                nullable.append(f"{model._meta.db_table}.{user.column}")
    assert nullable == [], "list these in NULLABLE_OWNER_EXCEPTIONS: where does a row go?"
    assert sorted(set(NULLABLE_OWNER_EXCEPTIONS) - seen) == [], STALE
