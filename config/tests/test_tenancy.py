"""Gate: every table of ours is read through a tenancy scope (config/tenancy.py), failing closed.

1. Classification. A model's owner columns decide its kind: a NOT NULL foreign key to the
   organisation makes it "org"; a nullable one and a user foreign key "org-or-personal"; only a
   user foreign key "user"; anything else "global", which must be listed in GLOBAL with a reason.
   Its default manager (`config.tenancy.manager_kind`) must say the same. A scoped model also
   has `objects_unscoped` (an UnscopedManager) for the code that reads across organisations.
2. Fail-closed. Outside any scope (`@pytest.mark.tenancy`: the root conftest opens no
   `unscoped()` block) a scoped model's `objects` raises ScopeError at once, and so does its
   `objects_unscoped` outside `unscoped()`. Inside an org's scope another organisation's row is
   invisible, and a personal row (org NULL) is visible to its user only.
"""

from __future__ import annotations

import datetime
import decimal
import importlib
import inspect
import uuid

import factory
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django_scopes import ScopeError

from accounts.tests.factories import UserFactory
from config import tenancy
from orgs.tests.factories import OrganizationFactory

OUR_APPS = (
    "accounts",
    "orgs",
    "assessments",
    "scoring",
    "intelligence",
    "billing",
    "notifications",
    "teams",
    "dashboards",
    "events",
)

_LEGACY = "legacy table (seed §15) with no owner foreign key; read by the admin only"
_GUARDIAN = "django-guardian's object-permission join table: reached through its object"

# Global tables (a plain manager), each with the reason it belongs to no organisation or user.
GLOBAL: dict[str, str] = {
    "accounts.User": "identity: a user exists before and across organisations",
    "accounts.GrowthUser": _LEGACY,
    "accounts.UserActivity": _LEGACY,
    "accounts.TrialUser": "legacy sign-up funnel row, captured before an account exists",
    "accounts.Lead": "legacy sales lead, captured before an account exists",
    "orgs.Organization": "the tenant root, reached through the caller's memberships",
    "assessments.AssessmentTemplate": "product-wide question banks",
    "assessments.IntegrationTemplate": "product-wide integration catalogue",
    "assessments.GrowthAssessment": _LEGACY,
    "assessments.GrowthAssessmentHistory": _LEGACY,
    "assessments.QuestionDelegationUserObjectPermission": _GUARDIAN,
    "assessments.QuestionDelegationGroupObjectPermission": _GUARDIAN,
    "scoring.ScoringResultUserObjectPermission": _GUARDIAN,
    "scoring.ScoringResultGroupObjectPermission": _GUARDIAN,
    "intelligence.RealtimeMarketTrend": "market intelligence for every industry",
    "intelligence.RealtimeBusinessTrend": "market intelligence for every industry",
    "intelligence.RealtimeMarketingPlaybook": "market intelligence for every industry",
    "intelligence.RealtimeStrategicTrend": "market intelligence for every industry",
    "intelligence.BusinessNewsTicker": "market intelligence for every industry",
    "intelligence.Trend": _LEGACY,
    "intelligence.FeedSource": "feeds staff configure for every industry",
    "intelligence.IndustryKeywordRule": "staff's keyword rules that tag the global feed items",
    "intelligence.IndustryStockSymbol": "reference data: an industry's stock symbols",
    "intelligence.InspirationalQuote": "reference data: quotes shown to everyone",
    "intelligence.RoadmapUpdate": "the product's public roadmap",
    "intelligence.AiAnalytics": "platform-wide AI usage counters, no owner column",
    "intelligence.AiLog": _LEGACY,
    "billing.StripeEvent": "Stripe's webhook deliveries, deduplicated by event id",
    "dashboards.DashboardBenchmark": "benchmarks of an industry, shared by every organisation",
    "events.AuditLog": "the platform audit log, read by staff only",
}

# Scoped tables whose kind is not what their foreign keys alone say, with the reason.
DECIDED: dict[str, tuple[str, str]] = {
    "intelligence.RealtimeEvent": (
        "org",
        "an organisation's live events; a row without an organisation is seen by no tenant",
    ),
    "intelligence.GrowthSimulationLog": (
        "user",
        "a simulation's log, owned through its simulation's user",
    ),
}

User = get_user_model()


def our_models() -> list[type[models.Model]]:
    found = []
    for label in OUR_APPS:
        try:
            config = apps.get_app_config(label)
        except LookupError:  # an app not there yet (events)
            continue
        found += [m for m in config.get_models() if not m._meta.proxy]
    return found


def _label(model) -> str:
    return model._meta.label


def _foreign_keys(model, to) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model is not None and f.related_model is to
    ]


def kind_by_columns(model) -> str:
    """The kind a model's owner columns make it (see the module's docstring)."""
    from orgs.models import Organization

    org_fks = _foreign_keys(model, Organization)
    user_fks = _foreign_keys(model, User)
    if any(not f.null for f in org_fks):
        return "org"
    if org_fks and user_fks:
        return "org-or-personal"
    if user_fks and not org_fks:
        return "user"
    return "global"


def expected_kind(model) -> str:
    label = _label(model)
    if label in GLOBAL:
        return "global"
    if label in DECIDED:
        return DECIDED[label][0]
    return kind_by_columns(model)


MODELS = our_models()
SCOPED = [m for m in MODELS if expected_kind(m) != "global"]


def _ids(models_):
    return [_label(m) for m in models_]


# 1. Classification.


@pytest.mark.parametrize("model", MODELS, ids=_ids(MODELS))
def test_each_model_is_scoped_as_its_owner_columns_say(model):
    expected = expected_kind(model)
    if expected == "global":
        assert _label(model) in GLOBAL, (
            f"{_label(model)} has no owner column: scope it, or list it in GLOBAL with a reason"
        )
    assert tenancy.manager_kind(model) == expected, (
        f"{_label(model)}: its columns make it {expected!r}, its default manager is"
        f" {tenancy.manager_kind(model)!r} ({type(model._default_manager).__name__})"
    )


@pytest.mark.parametrize("model", SCOPED, ids=_ids(SCOPED))
def test_each_scoped_model_has_an_unscoped_manager(model):
    assert model._default_manager is model.objects, "`objects` must be the default manager"
    assert isinstance(getattr(model, "objects_unscoped", None), tenancy.UnscopedManager), (
        f"{_label(model)} needs objects_unscoped = tenancy.UnscopedManager()"
    )


def test_the_lists_name_only_models_that_exist():
    labels = {_label(m) for m in MODELS}
    stale = sorted(label for label in [*GLOBAL, *DECIDED] if label not in labels)
    assert stale == [], f"remove from GLOBAL/DECIDED (no such model): {stale}"


def test_decided_kinds_differ_from_the_columns():
    """An entry of DECIDED that the columns already imply is noise: remove it."""
    by_label = {_label(m): m for m in MODELS}
    same = [
        label
        for label, (kind, _) in DECIDED.items()
        if label in by_label and kind_by_columns(by_label[label]) == kind
    ]
    assert same == []


# 2. Fail-closed outside a scope (no database needed: the managers refuse before any query).

QUERIES = {
    "count": lambda manager: manager.count(),
    "filter": lambda manager: manager.filter(pk=uuid.uuid4()),
    "all": lambda manager: manager.all(),
    "get": lambda manager: manager.get(pk=uuid.uuid4()),
    "exists": lambda manager: manager.exists(),
    "exclude": lambda manager: list(manager.exclude(pk=uuid.uuid4())),
    "in_bulk": lambda manager: manager.in_bulk(),
    "contains": lambda manager: manager.contains(manager.model(pk=uuid.uuid4())),
}


def _leaks(manager) -> list[str]:
    """The queries of QUERIES that `manager` runs instead of raising ScopeError."""
    leaks = []
    for name, query in QUERIES.items():
        try:
            query(manager)
        except ScopeError:
            continue
        except Exception as exc:  # e.g. the database reached in a test without one
            leaks.append(f"{name} ({type(exc).__name__})")
        else:
            leaks.append(name)
    return leaks


@pytest.mark.tenancy
@pytest.mark.django_db
@pytest.mark.parametrize("model", SCOPED, ids=_ids(SCOPED))
def test_a_scoped_manager_refuses_outside_any_scope(model):
    assert tenancy.current() == {}, "a tenancy test must run outside any scope"
    assert _leaks(model.objects) == [], f"{_label(model)}.objects ran outside any scope"


@pytest.mark.tenancy
@pytest.mark.django_db
@pytest.mark.parametrize("model", SCOPED, ids=_ids(SCOPED))
def test_the_unscoped_manager_works_only_inside_unscoped(model):
    manager = getattr(model, "objects_unscoped", None)
    assert manager is not None, f"{_label(model)} has no objects_unscoped"
    assert _leaks(manager) == [], f"{_label(model)}.objects_unscoped ran outside unscoped()"
    with tenancy.org_scope(org=uuid.uuid4(), user=None):
        assert _leaks(manager) == [], f"{_label(model)}.objects_unscoped ran in an org scope"
    with tenancy.unscoped():
        assert manager.count() >= 0
        assert manager.filter(pk__in=[]).exists() is False


# 3. Inside a scope: another organisation's rows are invisible, personal rows are their user's.


@pytest.fixture
def tenants(db):
    """a owns A, b owns B; c is in no organisation (rows are c's, so that no row b's own
    organisation made for him, a membership or a subscription, is in the way)."""
    with tenancy.unscoped():
        users = {name: UserFactory(email=f"{name}@tenancy.test") for name in ("a", "b", "c")}
        orgs = {
            "A": OrganizationFactory(name="Tenant A", slug="tenant-a", owner=users["a"]),
            "B": OrganizationFactory(name="Tenant B", slug="tenant-b", owner=users["b"]),
        }
    return users, orgs


def _visible(model, pk, scope) -> bool:
    """Whether `scope()` (a tenancy scope, opened afresh) lets `model.objects` see row `pk`."""
    with scope():
        return model.objects.filter(pk=pk).exists()


def _org(org, user):
    return lambda: tenancy.org_scope(org=org, user=user)


def _user(user):
    return lambda: tenancy.user_scope(user=user)


@pytest.mark.tenancy
@pytest.mark.parametrize("model", SCOPED, ids=_ids(SCOPED))
def test_a_scope_shows_its_own_rows_only(model, tenants):
    users, orgs = tenants
    a, b, c, org_a, org_b = users["a"], users["b"], users["c"], orgs["A"], orgs["B"]
    kind = tenancy.manager_kind(model)
    manager = model._default_manager
    in_a_as_a = _org(org_a, a)

    if kind == "org":
        row = build_row(model, org=org_b, user=c)
        assert not _visible(model, row.pk, in_a_as_a), "org B's row is visible in org A"
        assert not _visible(model, row.pk, _user(c)), "an org's row is visible without its org"
        assert _visible(model, row.pk, _org(org_b, b)), "not even visible in org B"
    elif kind == "org-or-personal":
        row = build_row(model, org=org_b, user=b)
        assert not _visible(model, row.pk, in_a_as_a), "org B's row is visible in org A"
        assert _visible(model, row.pk, _org(org_b, b)), "not even visible in org B"
        personal = build_row(model, org=None, user=c)
        assert _visible(model, personal.pk, _user(c))
        assert _visible(model, personal.pk, _org(org_a, c))
        assert not _visible(model, personal.pk, _user(a)), "c's personal row seen by a"
        assert not _visible(model, personal.pk, in_a_as_a), "c's personal row seen by a in A"
        assert not _visible(model, personal.pk, tenancy.anonymous_scope)
    elif kind == "user":
        row = build_row(model, org=None, user=c)
        assert _visible(model, row.pk, _user(c))
        assert not _visible(model, row.pk, _user(a)), "c's row seen by a"
        assert not _visible(model, row.pk, in_a_as_a), "c's row seen by a in org A"
        assert not _visible(model, row.pk, tenancy.anonymous_scope)
    else:
        pytest.fail(f"{_label(model)} is {kind!r}, not scoped ({type(manager).__name__})")


# Rows for any model: its factory where one exists, else the required fields filled in.


def build_row(model, *, org, user):
    """One saved row of `model` owned by `org` (None: personal) and `user`."""
    manager = model._default_manager
    org_field = getattr(manager, "org_field", "org")
    user_field = getattr(manager, "user_field", "user")
    names = {f.name for f in model._meta.concrete_fields}
    owners = {}
    with tenancy.unscoped():
        if org_field in names:
            owners[org_field] = org
        if user_field in names and user is not None:
            owners[user_field] = user
        elif "__" in user_field and user is not None:  # owned through a parent row
            head, _, rest = user_field.partition("__")
            parent = model._meta.get_field(head).related_model
            owners[head] = _from_factory(parent, {rest: user}) or _generic_row(
                parent, {rest: user}, org=org, user=user
            )
        made = _from_factory(model, owners)
        if made is None:
            made = _generic_row(model, owners, org=org, user=user)
        assert getattr(made, f"{org_field}_id", None) == getattr(org, "pk", None) or (
            org_field not in names
        ), f"{_label(model)}'s row was not given the organisation asked for"
        return made


def _factories():
    found = {}
    for label in OUR_APPS:
        try:
            module = importlib.import_module(f"{label}.tests.factories")
        except ModuleNotFoundError:
            continue
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, factory.django.DjangoModelFactory) and not obj._meta.abstract:
                model = obj._meta.get_model_class()
                if isinstance(model, type):
                    found.setdefault(model, obj)
    return found


_FACTORIES: dict | None = None


def _from_factory(model, owners):
    global _FACTORIES
    if _FACTORIES is None:
        _FACTORIES = _factories()
    factory_class = _FACTORIES.get(model)
    if factory_class is None:
        return None
    return factory_class(**owners)


def _generic_row(model, owners, *, org, user, depth=0):
    values = dict(owners)
    for field in model._meta.concrete_fields:
        if field.name in values:
            continue
        if field.primary_key and (field.has_default() or isinstance(field, models.AutoField)):
            continue
        if field.null or field.has_default() or getattr(field, "auto_now_add", False):
            continue
        if getattr(field, "auto_now", False):
            continue
        values[field.name] = _value(field, org=org, user=user, depth=depth)
    row = model(**values)
    row.save(force_insert=True)
    return row


def _value(field, *, org, user, depth):
    from orgs.models import Organization

    if field.is_relation:
        related = field.related_model
        if related is User:
            return user or UserFactory()
        if related is Organization:
            return org or OrganizationFactory()
        if depth > 3:
            raise AssertionError(f"{field} nests too deep to build")
        made = _from_factory(related, {})
        return made or _generic_row(related, {}, org=org, user=user, depth=depth + 1)
    if field.choices:
        return field.choices[0][0]
    return _plain_value(field)


def _plain_value(field):
    from django.contrib.postgres.fields import ArrayField

    if isinstance(field, ArrayField):
        return []
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.UUIDField):
        return uuid.uuid4()
    if isinstance(field, models.EmailField):
        return f"{uuid.uuid4().hex[:8]}@tenancy.test"
    if isinstance(field, models.GenericIPAddressField):
        return "127.0.0.1"
    if isinstance(field, models.CharField | models.TextField):
        return uuid.uuid4().hex[: field.max_length or 32]
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.DecimalField):
        return decimal.Decimal(0)
    if isinstance(field, models.IntegerField | models.FloatField):
        return 0
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return timezone.now().date()
    if isinstance(field, models.DurationField):
        return datetime.timedelta(0)
    if isinstance(field, models.BinaryField):
        return b""
    raise AssertionError(f"cannot make a value for {field!r}")
