"""Keyset (cursor) pagination of every API list.

A page is the `page_size` rows (50, at most 200) that follow the cursor in the list's order:
`WHERE (created_at, id) < (%s, %s) ORDER BY created_at DESC, id DESC LIMIT 51`, so a deep page
costs what the first one does (no OFFSET, and no COUNT unless the client asks `?count=true`).

The order is the view's (its `ordering`, or the client's `?ordering=` among `ordering_fields`)
with the primary key appended as the tie-breaker. The cursor is opaque to the client: it holds
the sort-key values of the row it follows, the ordering it was made for and its direction. A
cursor that does not decode, or that belongs to another ordering, answers 400.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections import OrderedDict
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import F, Q
from django.db.models.expressions import OrderBy
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from rest_framework import exceptions
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

BAD_CURSOR = "Invalid cursor: use the `next` or `previous` link of a page of this same list."


class KeysetPagination(BasePagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    cursor_query_param = "cursor"
    count_query_param = "count"

    # -- DRF's interface ---------------------------------------------------------------------
    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_model = queryset.model
        self.base_url = request.build_absolute_uri()
        self.page_size = self._page_size(request)
        self.ordering = self._ordering(queryset)
        self.count = queryset.count() if self._wants_count(request) else None
        position, reverse = self._decode(request.query_params.get(self.cursor_query_param))
        self.had_cursor = position is not None

        query_order = [_flip(o) for o in self.ordering] if reverse else self.ordering
        rows = queryset.order_by(*query_order)
        if position is not None:
            rows = rows.filter(_after(query_order, position))
        page = list(rows[: self.page_size + 1])
        more = len(page) > self.page_size
        page = page[: self.page_size]
        if reverse:
            page.reverse()
        # Forward: a next page if there were more rows; a previous one if we came by a cursor.
        # Backward: the mirror image.
        self.has_next = more if not reverse else self.had_cursor
        self.has_previous = self.had_cursor if not reverse else more
        self.page = page
        return page

    def get_paginated_response(self, data):
        body = OrderedDict()
        if self.count is not None:
            body["count"] = self.count
        body["next"] = self.get_next_link()
        body["previous"] = self.get_previous_link()
        body["results"] = data
        return Response(body)

    def get_next_link(self) -> str | None:
        if not self.has_next or not self.page:
            return None
        return self._link(self.page[-1], reverse=False)

    def get_previous_link(self) -> str | None:
        if not self.has_previous or not self.page:
            return None
        return self._link(self.page[0], reverse=True)

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "description": "Only with ?count=true (it costs a COUNT of the whole list).",
                },
                "next": link,
                "previous": link,
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "The opaque cursor of a `next` or `previous` link.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows per page (default {self.page_size}, at most "
                f"{self.max_page_size}).",
                "schema": {"type": "integer"},
            },
            {
                "name": self.count_query_param,
                "required": False,
                "in": "query",
                "description": "`true` adds `count`, the number of rows of the whole list.",
                "schema": {"type": "boolean"},
            },
        ]

    # -- the pieces --------------------------------------------------------------------------
    def _page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw in (None, ""):
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            raise exceptions.ValidationError(
                {self.page_size_query_param: ["A whole number is required."]}
            ) from None
        if size < 1:
            raise exceptions.ValidationError(
                {self.page_size_query_param: ["Ensure this value is at least 1."]}
            )
        return min(size, self.max_page_size)

    def _wants_count(self, request) -> bool:
        return request.query_params.get(self.count_query_param, "").lower() in ("1", "true", "yes")

    @staticmethod
    def _ordering(queryset) -> list[str]:
        """The queryset's order (the view's or the client's) as field names, plus the pk."""
        names: list[str] = []
        source = list(queryset.query.order_by) or list(queryset.model._meta.ordering or [])
        for item in source:
            if isinstance(item, OrderBy) and isinstance(item.expression, F):
                item = ("-" if item.descending else "") + item.expression.name
            if not isinstance(item, str) or item.lstrip("-") in ("?", ""):
                continue
            names.append(item)
        pk = queryset.model._meta.pk.name
        if not any(n.lstrip("-") in (pk, "pk") for n in names):
            descending = bool(names) and names[0].startswith("-")
            names.append(("-" if descending else "") + pk)
        return names

    def _link(self, row, *, reverse: bool) -> str:
        values = [_encode_value(_value_of(row, name.lstrip("-"))) for name in self.ordering]
        payload = {"o": self.ordering, "v": values, "r": reverse}
        token = base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode())
        return replace_query_param(self.base_url, self.cursor_query_param, token.decode())

    def _decode(self, raw: str | None) -> tuple[list | None, bool]:
        if raw in (None, ""):
            return None, False
        try:
            payload = json.loads(base64.urlsafe_b64decode(raw.encode("ascii")))
            ordering, values, reverse = payload["o"], payload["v"], payload["r"]
        except (ValueError, TypeError, KeyError, UnicodeError, binascii.Error):
            raise exceptions.ValidationError({self.cursor_query_param: [BAD_CURSOR]}) from None
        if (
            ordering != self.ordering
            or not isinstance(values, list)
            or len(values) != len(ordering)
        ):
            raise exceptions.ValidationError({self.cursor_query_param: [BAD_CURSOR]})
        return [
            self._typed(name, value) for name, value in zip(ordering, values, strict=True)
        ], bool(reverse)

    def _typed(self, name: str, value):
        """The cursor's value as the field's Python value; one that does not parse is a 400."""
        if value is None:
            return None
        field = self._field(name.lstrip("-"))
        try:
            return field.to_python(value) if field is not None else value
        except (ValidationError, TypeError, ValueError):
            raise exceptions.ValidationError({self.cursor_query_param: [BAD_CURSOR]}) from None

    def _field(self, path: str):
        model = self.page_model
        field = None
        for part in path.split("__"):
            try:
                field = model._meta.pk if part == "pk" else model._meta.get_field(part)
            except FieldDoesNotExist:
                return None
            if field.is_relation and field.related_model is not None:
                model = field.related_model
        if field is not None and field.is_relation:  # ordering by a foreign key: its column
            field = field.target_field
        return field


def _flip(name: str) -> str:
    return name[1:] if name.startswith("-") else f"-{name}"


def _value_of(row, path: str):
    value = row
    for part in path.split("__"):
        if value is None:
            return None
        value = getattr(value, "pk" if part == "pk" else part)
    if hasattr(value, "_meta"):  # a related object: its key
        value = value.pk
    return value


def _encode_value(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    return value


def _after(ordering: list[str], position: list) -> Q:
    """Rows strictly after `position` in `ordering` (PostgreSQL's NULLS LAST ascending, NULLS
    FIRST descending). One direction and no NULL: a row comparison, which the index serves."""
    names = [n.lstrip("-") for n in ordering]
    descending = [n.startswith("-") for n in ordering]
    if len(set(descending)) == 1 and None not in position:
        lookup = TupleLessThan if descending[0] else TupleGreaterThan
        return Q(lookup(Tuple(*(F(n) for n in names)), tuple(position)))
    condition = Q(pk__in=[])
    equal = Q()
    for name, desc, value in zip(names, descending, position, strict=True):
        condition |= equal & _strictly_after(name, desc, value)
        equal &= Q(**{f"{name}__isnull": True}) if value is None else Q(**{name: value})
    return condition


def _strictly_after(name: str, descending: bool, value) -> Q:
    if value is None:
        # NULLs come last ascending (nothing after them) and first descending (all else after).
        return Q(**{f"{name}__isnull": False}) if descending else Q(pk__in=[])
    if descending:
        return Q(**{f"{name}__lt": value})
    return Q(**{f"{name}__gt": value}) | Q(**{f"{name}__isnull": True})
