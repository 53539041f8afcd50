"""A ModelAdmin built from a model's fields, for the many tables whose admin is a plain list.

Useful columns, search over text columns and owner emails, filters on choices and booleans,
autocomplete for foreign keys, joins in the changelist query, and no full counts, so a
changelist runs a fixed number of queries whatever the table's size.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.postgres.fields import ArrayField
from django.db import models

LIST_SKIP = (models.JSONField, ArrayField)


def _list_display(model, limit: int = 7) -> tuple[str, ...]:
    names = []
    for field in model._meta.concrete_fields:
        if isinstance(field, LIST_SKIP) or (
            isinstance(field, models.TextField)
            and not field.choices
            and field.name
            not in ("title", "name", "member_email", "metric", "quote", "label", "lever", "symbol")
        ):
            continue
        names.append(field.name)
    return tuple(names[:limit]) or ("pk",)


def _search_fields(model) -> tuple[str, ...]:
    fields = []
    for field in model._meta.concrete_fields:
        if field.is_relation and field.related_model._meta.db_table == "tier2_users":
            fields.append(f"{field.name}__email")
        elif field.is_relation and field.related_model._meta.db_table == "enterprise_orgs":
            fields.append(f"{field.name}__name")
        elif isinstance(field, models.CharField | models.TextField) and not field.choices:
            fields.append(field.name)
    return tuple(fields[:6])


def _list_filter(model) -> tuple[str, ...]:
    return tuple(
        f.name
        for f in model._meta.concrete_fields
        if (f.choices and not f.is_relation) or isinstance(f, models.BooleanField)
    )[:5]


def auto_admin(
    model, *, read_only: bool = False, bases: tuple = (admin.ModelAdmin,), **overrides
) -> type[admin.ModelAdmin]:
    fks = [f.name for f in model._meta.concrete_fields if f.is_relation]
    display = _list_display(model)
    attrs = {
        "list_display": display,
        "list_select_related": tuple(name for name in display if name in fks) or False,
        "search_fields": _search_fields(model),
        "list_filter": _list_filter(model),
        "autocomplete_fields": tuple(fks) if not read_only else (),
        "show_full_result_count": False,
        "readonly_fields": tuple(
            f.name for f in model._meta.concrete_fields if not f.editable or f.primary_key
        ),
    }
    if read_only:
        attrs.update(
            has_add_permission=lambda self, request: False,
            has_change_permission=lambda self, request, obj=None: False,
            has_delete_permission=lambda self, request, obj=None: False,
        )
    attrs.update(overrides)
    return type(f"{model.__name__}Admin", bases, attrs)


def register_auto(*models_, read_only: bool = False) -> None:
    for model in models_:
        admin.site.register(model, auto_admin(model, read_only=read_only))
