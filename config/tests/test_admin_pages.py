"""Every model in the admin opens: changelist, add page and change page, with no N+1 queries.

Factories are found by scanning every installed app's `tests.factories` module for
DjangoModelFactory subclasses, so a model added to the admin without a factory fails here.
"""

from __future__ import annotations

import importlib

import factory.django
import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

MORE_ROWS = 19


def discover_factories() -> dict[type, type]:
    found: dict[type, type] = {}
    for app_config in apps.get_app_configs():
        module_name = f"{app_config.name}.tests.factories"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name and module_name.startswith(error.name):
                continue  # the app has no factories module
            raise
        for obj in vars(module).values():
            if (
                isinstance(obj, type)
                and issubclass(obj, factory.django.DjangoModelFactory)
                and not obj._meta.abstract
                and obj._meta.model is not None
            ):
                model = obj._meta.get_model_class()
                # Prefer the factory named after the model when a module has several.
                if model not in found or obj.__name__ == f"{model.__name__}Factory":
                    found[model] = obj
    return found


def registered_models() -> list[type]:
    return sorted(admin.site._registry, key=lambda model: model._meta.label)


def url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def count_queries(client, path: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response.status_code, len(queries)


@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m._meta.label)
def test_admin_pages_open_without_n_plus_one_queries(model, client, staff, rf):
    factory_class = discover_factories().get(model)
    assert factory_class is not None, (
        f"{model._meta.label} is in the admin but no <app>.tests.factories module has a "
        f"DjangoModelFactory with Meta.model = {model.__name__}"
    )
    model_admin = admin.site._registry[model]
    client.force_login(staff)
    obj = factory_class()
    changelist = url(model, "changelist")

    client.get(changelist)  # warm caches (content types, session) before counting
    status, one_row = count_queries(client, changelist)
    assert status == 200
    factory_class.create_batch(MORE_ROWS)
    status, many_rows = count_queries(client, changelist)
    assert status == 200
    assert many_rows == one_row, (
        f"{model._meta.label} changelist: {one_row} queries with 1 row, {many_rows} with "
        f"{1 + MORE_ROWS}: add the related fields to list_select_related"
    )

    request = rf.get(url(model, "add"))
    request.user = staff
    expected_add = 200 if model_admin.has_add_permission(request) else 403
    assert client.get(url(model, "add")).status_code == expected_add
    assert client.get(url(model, "change", quote(obj.pk))).status_code == 200


def bulk_insert(model, count: int, overrides: dict[str, tuple[str, list]]) -> None:
    """Insert `count` rows with one INSERT … SELECT … FROM generate_series statement.

    A column takes its override (SQL over the series value `g`, with its parameters), a new uuid
    for the primary key, or, when it is required, the field's default.
    """
    columns, values, params = [], [], []
    for field in model._meta.concrete_fields:
        if field.column in overrides:
            sql, sql_params = overrides[field.column]
        elif field.primary_key:
            sql, sql_params = "gen_random_uuid()", []
        elif not field.null:
            sql, sql_params = "%s", [field.get_db_prep_save(field.get_default(), connection)]
        else:
            continue
        columns.append(f'"{field.column}"')
        values.append(sql)
        params.extend(sql_params)
    statement = (
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "  # noqa: S608
        f"SELECT {', '.join(values)} FROM generate_series(1, {int(count)}) AS g"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


MAX_CHANGELIST_QUERIES = 12


@pytest.mark.parametrize("label", ["accounts.User", "scoring.AssessmentScoringResult"])
def test_changelists_of_large_tables_answer_within_a_fixed_query_count(label, client, staff):
    from accounts.tests.factories import UserFactory

    model = apps.get_model(label)
    owner = UserFactory()
    if label == "accounts.User":
        bulk_insert(model, 10_000, {"email": ("'bulk' || g || '@example.com'", [])})
    else:
        from orgs.tests.factories import OrganizationFactory

        org = OrganizationFactory(owner=owner)
        bulk_insert(
            model,
            10_000,
            {
                "user_id": ("%s::uuid", [str(owner.pk)]),
                "org_id": ("%s::uuid", [str(org.pk)]),
                "assessment_type": ("'bpm'", []),
                "score": ("(g %% 500) / 100.0", []),
                "bracket": ("'score_3'", []),
                "created_at": ("now() - g * interval '1 minute'", []),
                "updated_at": ("now()", []),
            },
        )
    assert model._default_manager.count() >= 10_000
    client.force_login(staff)
    status, queries = count_queries(client, url(model, "changelist"))
    assert status == 200
    assert queries <= MAX_CHANGELIST_QUERIES
    status, queries = count_queries(client, url(model, "changelist") + "?q=bulk")
    assert status == 200
    assert queries <= MAX_CHANGELIST_QUERIES
