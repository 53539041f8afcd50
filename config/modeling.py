"""Pieces every table shares: owner columns, timestamps, uuid keys and named check constraints,
and the three tenancy bases (docs/architecture.md, "Tenancy").

- `OrgOwnedModel`: a row of one organisation (org_id NOT NULL). Read in an org scope only.
- `OrgOrPersonalModel`: a user's row, in the organisation they were working in, or personal
  (org_id NULL: only its user ever sees it). Read in that org's scope, or the user's.
- `UserOwnedModel`: a row of one user, with no organisation (notifications, profiles).

Their default manager (`objects`) filters by the open scope and raises outside one
(config.tenancy); `objects_unscoped` reads across organisations inside `tenancy.unscoped()`.
A table whose owner columns are named otherwise sets the manager with `org_field`/`user_field`.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Now
from django.utils import timezone

from config import tenancy


def choice_check(table: str, field: str, choices: type[models.TextChoices], *, nullable=False):
    condition = models.Q(**{f"{field}__in": choices.values})
    if nullable:
        condition |= models.Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(condition=condition, name=f"{table}_{field}_check")


def created_at_field() -> models.DateTimeField:
    return models.DateTimeField(default=timezone.now, db_default=Now())


def updated_at_field() -> models.DateTimeField:
    # The database trigger <table>_set_updated_at keeps it current for writes from outside too.
    return models.DateTimeField(auto_now=True, db_default=Now())


def user_fk(*, column: str = "user_id", null: bool = False, related_name: str = "+", **kwargs):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_column=column,
        null=null,
        blank=null,
        on_delete=models.SET_NULL if null else models.CASCADE,
        related_name=related_name,
        **kwargs,
    )


def org_fk(*, null: bool = False, related_name: str = "+", on_delete=models.CASCADE):
    """The org_id column. SET_NULL (with null=True) for a row that outlives its organisation."""
    return models.ForeignKey(
        "orgs.Organization",
        db_column="org_id",
        null=null,
        blank=null,
        on_delete=on_delete,
        related_name=related_name,
    )


class UUIDModel(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True


class OrgOwnedModel(UUIDModel):
    org = org_fk()
    created_at = created_at_field()

    objects = tenancy.OrgOwnedManager()
    objects_unscoped = tenancy.UnscopedManager()

    class Meta:
        abstract = True


class OrgOrPersonalModel(UUIDModel):
    user = user_fk()
    org = org_fk(null=True)
    created_at = created_at_field()

    objects = tenancy.OrgOrPersonalManager()
    objects_unscoped = tenancy.UnscopedManager()

    class Meta:
        abstract = True


class UserOwnedModel(UUIDModel):
    user = user_fk()
    created_at = created_at_field()

    objects = tenancy.UserOwnedManager()
    objects_unscoped = tenancy.UnscopedManager()

    class Meta:
        abstract = True
