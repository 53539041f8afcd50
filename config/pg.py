"""PostgreSQL pieces the seed needs and Django lacks: enum types, updated_at triggers, legacy
tables.

Used by models (EnumField) and by migrations (the functions return migration operations).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import migrations, models


class EnumField(models.CharField):
    """A column typed with a PostgreSQL enum type (seed §13); values come from `choices`."""

    def __init__(self, *args, enum_name: str, **kwargs) -> None:
        self.enum_name = enum_name
        kwargs.setdefault("max_length", 100)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["enum_name"] = self.enum_name
        return name, path, args, kwargs

    def db_type(self, connection) -> str:
        return self.enum_name

    def rel_db_type(self, connection) -> str:
        return self.enum_name

    def get_placeholder(self, value, compiler, connection) -> str:
        # psycopg sends text; the cast lets PostgreSQL check it against the enum.
        return f"%s::{self.enum_name}"


def create_enum(name: str, values: Iterable[str]) -> migrations.RunSQL:
    """Create the enum type if absent (an adopted database already has it)."""
    labels = ", ".join("'" + value.replace("'", "''") + "'" for value in values)
    return migrations.RunSQL(
        sql=f"""
        DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = '{name}') THEN
                CREATE TYPE {name} AS ENUM ({labels});
            END IF;
        END $$;
        """,
        reverse_sql=f"DROP TYPE IF EXISTS {name};",
    )


UPDATED_AT_FUNCTION = """
CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger AS $$
BEGIN
    NEW.updated_at = now();
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""


def updated_at_trigger(table: str) -> migrations.RunSQL:
    """Keep `updated_at` current on every UPDATE, including writes from outside Django."""
    trigger = f"{table}_set_updated_at"
    return migrations.RunSQL(
        sql=UPDATED_AT_FUNCTION
        + f"""
        DROP TRIGGER IF EXISTS {trigger} ON {table};
        CREATE TRIGGER {trigger} BEFORE UPDATE ON {table}
            FOR EACH ROW EXECUTE FUNCTION set_updated_at();
        """,
        reverse_sql=f"DROP TRIGGER IF EXISTS {trigger} ON {table};",
    )


def create_table_if_absent(table: str, create_sql: str) -> migrations.RunSQL:
    """For `managed = False` legacy tables: create them only where the database lacks them.

    `create_sql` is the body of a CREATE TABLE statement written with `IF NOT EXISTS`; the
    reverse drops nothing, because an adopted database's legacy data must never be dropped.
    """
    if "IF NOT EXISTS" not in create_sql.upper():
        raise ValueError(f"legacy table {table}: write CREATE TABLE IF NOT EXISTS")
    return migrations.RunSQL(sql=create_sql, reverse_sql=migrations.RunSQL.noop)
