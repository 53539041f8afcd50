"""Tenancy that fails closed: every org- or user-owned table is read through a scope.

Built on django-scopes (pretix's library: a context variable holding the current scope, and
querysets that refuse to run without one). Two dimensions:

- ``org``: the organisation of the URL (its pk), or ``None`` where the request names none;
- ``user``: the signed-in user (their pk), or ``None`` for an anonymous caller.

Each table's default manager (``objects``) filters itself by the scope, and outside any scope it
raises ``ScopeError`` on first use (``DisabledQuerySet``): code that forgets the org cannot read
another organisation's rows, it fails. ``None`` in a dimension means *nothing* (unlike plain
django-scopes, where it means "no filter"): an anonymous request sees no personal row.

Each entry point opens the scope once (and a later issue sets the same org and user in
PostgreSQL there, for row-level security):

- a portal request: ``orgs.middleware.CurrentOrganizationMiddleware`` (the whole response,
  templates and streamed bodies included); the admin runs unscoped (staff read everything);
- an API call: ``orgs.api.base.ScopedAPIMixin.initial`` (every API view derives from it);
- a task: ``config.celery.ScopedTask`` (from its ``org_id``/``user_id`` arguments, or unscoped
  for sweeps that say so);
- a command: ``config.commands.UnscopedCommand``.

Code that must read across organisations says so: its function name ends in ``_unscoped`` and
it runs inside ``unscoped()`` (or uses a model's ``objects_unscoped`` manager, which refuses to
work outside that block). ``config/tests/test_tenancy.py`` checks every org- and user-owned model.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import models
from django_scopes import ScopeError, get_scope, scope, scopes_disabled
from django_scopes.manager import DisabledQuerySet

__all__ = [
    "ScopeError",
    "current",
    "is_unscoped",
    "org_scope",
    "user_scope",
    "anonymous_scope",
    "unscoped",
    "OrgOwnedManager",
    "OrgOrPersonalManager",
    "UserOwnedManager",
    "UnscopedManager",
]

ORG = "org"
USER = "user"


def _pk(value):
    if value is None:
        return None
    return getattr(value, "pk", value)


@contextmanager
def org_scope(*, org, user) -> Iterator[None]:
    """Rows of `org`, and `user`'s personal rows (their rows with no organisation)."""
    if _pk(org) is None:
        raise ValueError("org_scope needs an organisation; use user_scope() for a personal page.")
    with scope(**{ORG: _pk(org), USER: _pk(user)}):
        yield


@contextmanager
def user_scope(*, user) -> Iterator[None]:
    """`user`'s own rows (whatever their organisation); no organisation's shared rows."""
    with scope(**{ORG: None, USER: _pk(user)}):
        yield


@contextmanager
def anonymous_scope() -> Iterator[None]:
    """Nobody's rows: global reference data only."""
    with scope(**{ORG: None, USER: None}):
        yield


@contextmanager
def unscoped() -> Iterator[None]:
    """Every row of every organisation: sweeps, migrations, the admin, the demo, by name."""
    with scopes_disabled():
        yield


def is_unscoped() -> bool:
    return not get_scope().get("_enabled", True)


def current() -> dict:
    """The open scope: {'org': pk|None, 'user': pk|None}, {} outside any, None when unscoped."""
    state = get_scope()
    if not state.get("_enabled", True):
        return None
    return {k: v for k, v in state.items() if k in (ORG, USER)}


class _ScopedManager(models.Manager):
    """A default manager that filters by the open scope and refuses to run without one.

    `org_field`/`user_field` name the owner columns where a table calls them otherwise
    (`TeamMember.owner`, `TeamComment.author`).
    """

    org_field = "org"
    user_field = "user"

    def __init__(self, *, org_field: str | None = None, user_field: str | None = None):
        super().__init__()
        if org_field:
            self.org_field = org_field
        if user_field:
            self.user_field = user_field

    def scope_filter(self, state: dict) -> models.Q | None:
        """The rows this scope may see; None when the scope lacks what the table needs."""
        raise NotImplementedError

    def get_queryset(self):
        queryset = super().get_queryset()
        state = get_scope()
        if not state.get("_enabled", True):
            return queryset
        condition = self.scope_filter(state)
        if condition is None:
            return FailClosedQuerySet(
                self.model, using=self._db, missing_scopes=self.missing(state) or [ORG]
            )
        return queryset.filter(condition)

    def missing(self, state: dict) -> list[str]:
        return [dimension for dimension in (ORG, USER) if dimension not in state]

    def all(self):
        queryset = super().all()
        if isinstance(queryset, DisabledQuerySet):
            queryset = queryset.all()  # raises ScopeError
        return queryset


class FailClosedQuerySet(DisabledQuerySet):
    """django-scopes' DisabledQuerySet, closed further: it lets `.exists()`, `.contains()`,
    `.in_bulk()`, `.exclude()` and `.explain()` through, which would tell a caller outside any
    scope whether another organisation's row exists. Every evaluation raises here."""

    error = DisabledQuerySet.error
    exists = error
    contains = error
    in_bulk = error
    exclude = error
    explain = error
    bulk_update = error
    _fetch_all = error


def _nothing() -> models.Q:
    return models.Q(pk__in=[])


class OrgOwnedManager(_ScopedManager):
    """Rows that belong to an organisation (org_id NOT NULL): the scoped org's only."""

    def scope_filter(self, state):
        if ORG not in state:
            return None
        if state[ORG] is None:
            return _nothing()
        return models.Q(**{f"{self.org_field}_id": state[ORG]})


class OrgOrPersonalManager(_ScopedManager):
    """A user's rows that may belong to an organisation (org_id NULL: the user's personal row).

    In an org scope: the org's rows and the user's own personal rows. In a user scope: the
    user's own rows, whatever their organisation.
    """

    def scope_filter(self, state):
        if ORG not in state or USER not in state:
            return None
        org, user = state[ORG], state[USER]
        personal = (
            models.Q(**{f"{self.org_field}__isnull": True, f"{self.user_field}_id": user})
            if user is not None
            else _nothing()
        )
        if org is not None:
            return models.Q(**{f"{self.org_field}_id": org}) | personal
        if user is None:
            return _nothing()
        return models.Q(**{f"{self.user_field}_id": user})


class UserOwnedManager(_ScopedManager):
    """Rows that belong to one user (no organisation column): that user's only."""

    def scope_filter(self, state):
        if USER not in state:
            return None
        if state[USER] is None:
            return _nothing()
        return models.Q(**{f"{self.user_field}_id": state[USER]})


class UnscopedManager(models.Manager):
    """`Model.objects_unscoped`: every row, for code that must read across organisations.

    It works only inside `unscoped()`, so a cross-org read is always visible twice: in the
    function's `_unscoped` name and in the block it opens.
    """

    def get_queryset(self):
        if not is_unscoped():
            return FailClosedQuerySet(self.model, using=self._db, missing_scopes=["unscoped()"])
        return super().get_queryset()

    def all(self):
        queryset = super().all()
        if isinstance(queryset, DisabledQuerySet):
            queryset = queryset.all()
        return queryset


def manager_kind(model) -> str:
    """'org', 'org-or-personal', 'user' or 'global': how `model`'s default manager scopes."""
    manager = model._default_manager
    if isinstance(manager, OrgOrPersonalManager):
        return "org-or-personal"
    if isinstance(manager, OrgOwnedManager):
        return "org"
    if isinstance(manager, UserOwnedManager):
        return "user"
    return "global"
