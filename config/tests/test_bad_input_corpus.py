"""Bad-input corpus: every form, every API write and every filter × hostile values, 0 answers 5xx.

The routes come from the URL resolver (the meta-test fails when one is neither walked nor said
why not); the world is the isolation matrix's, built once for the module. For each write route
and each corpus value, one request sets every field to the value and one request per field sets
only that field (the others keep a valid value), so a fault behind another field's error still
shows. Read routes get each value in every filter of their query string, and every route with
an argument gets NUL and a lone surrogate in its path (404). The test client re-raises a view's
exception: it is caught and counted as a failure with the route, field, value and the
exception's last line. Every call must also answer within MAX_SECONDS.
"""

from __future__ import annotations

import json
import re
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from django.db import transaction
from django.test import Client
from django.urls import get_resolver, reverse

from config import tenancy
from config.testing import isolation
from config.testing.isolation import EXEMPT_PREFIXES, World, build_world
from config.testing.isolation import urlconf_routes as _all_routes
from notifications.models import Notification
from orgs import services as org_services
from orgs.models import OrgRole

ROUTES = isolation.by_name(isolation.all_routes())
MAX_SECONDS = 5.0
DEPTH = 10_000

# name → (value in a JSON body, value in a urlencoded body or query string; None: left out).
# A lone surrogate cannot travel in UTF-8: urlencoded, it is the raw bytes ED A0 80.
CORPUS: dict[str, tuple[object, str | None]] = {
    "1e200000": ("1e200000", "1e200000"),
    "nul": ("\x00", "%00"),
    "a-nul-b": ("a\x00b", "a%00b"),
    "surrogate": ("\ud800", "%ED%A0%80"),
    "10k-chars": ("x" * 10_000, "x" * 10_000),
    "minus-one": ("-1", "-1"),
    "nan": ("NaN", "NaN"),
    "infinity": ("Infinity", "Infinity"),
    "1999-01-01": ("1999-01-01", "1999-01-01"),
    "9999-12-31": ("9999-12-31", "9999-12-31"),
    "deep-json": (None, "[" * DEPTH + "]" * DEPTH),  # in a JSON body: see _json_body
    "empty-list": ([], None),
    "empty-object": ({}, "{}"),
    "huge-int": (10**100, str(10**100)),
}

# Fields a portal write may read besides its form's: raw request.POST lookups.
GENERIC_FIELDS = ("next", "page", "action", "delete", "remove")
# Query-string names the read routes filter on (the views' own and django-filter's).
GENERIC_FILTERS = (
    *("page", "search", "q", "ordering", "type", "priority", "status", "is_read", "slug"),
    *("key", "is_system", "email", "scope", "role__key", "user__email"),
    *("user__email__icontains", "event_type", "created_at__gte", "created_at__lte"),
    *("assessment_type", "version", "bracket", "step", "redo", "checkout", "next"),
)


@dataclass
class Target:
    """How to reach a route in the world: as Acme's owner unless `persona` says otherwise."""

    args: Callable[[World], list] = lambda w: []
    method: str = "post"
    payload: Callable[[World], dict] = lambda w: {}
    persona: str = "owner"
    fields: tuple[str, ...] = ()


# Writes the isolation matrix reaches only as an outsider, or not at all.
EXTRA_WRITES: dict[str, Target] = {
    "accounts:profile": Target(payload=lambda w: {"first_name": "A", "last_name": "B"}),
    "accounts:profile_picture": Target(fields=("picture",)),
    "orgs:create": Target(payload=lambda w: {"name": "Initech", "slug": "initech"}),
    "orgs:switch": Target(payload=lambda w: {"org_slug": "acme"}),
    "orgs:invitation_accept": Target(args=lambda w: [w.objects["invitation_token"]]),
    "orgs:invitation_join": Target(args=lambda w: [w.objects["own_invitation"].pk]),
    "api:me": Target(method="patch", payload=lambda w: {"title": "CFO"}),
    "notifications:mark_read": Target(args=lambda w: [w.objects["notification"].pk]),
    "notifications:mark_all_read": Target(),
    "api:notification-read": Target(args=lambda w: [w.objects["notification"].pk]),
    "api:notification-read-all": Target(),
    "assessments:delegated": Target(
        persona="member",
        payload=lambda w: {"delegation_id": str(w.objects["question"].pk), "answer": "weekly"},
        fields=("na",),
    ),
    "assessments:invitation_accept": Target(args=lambda w: ["no-such-token"]),
    "api:delegated-question-answer": Target(
        persona="member",
        args=lambda w: [w.objects["question"].pk],
        payload=lambda w: {"answer": "weekly"},
    ),
    "api:result-recompute": Target(
        persona="staff", args=lambda w: [w.acme.slug, w.objects["result"].pk]
    ),
    "billing:stripe_webhook": Target(persona="anonymous", fields=("id", "type", "data")),
    # allauth's forms (under accounts/, which the isolation matrix leaves out): the fields come
    # from each page's own form. Changing the password is left out: it cycles the session key,
    # which would sign the shared owner client out for the rest of the module.
    "account_login": Target(persona="anonymous", payload=lambda w: {"login": "owner@acme.test"}),
    "account_signup": Target(persona="anonymous"),
    "account_reset_password": Target(persona="anonymous"),
    "account_email": Target(payload=lambda w: {"action_add": ""}),
}

# Reads outside any organisation, or for another persona than Acme's owner.
EXTRA_READS: dict[str, Target] = {
    "landing": Target(persona="anonymous"),
    "dashboards:home": Target(),
    "notifications:index": Target(),
    "assessments:delegated": Target(persona="member"),
    "api:me": Target(),
    "api:org-list": Target(),
    "api:notification-list": Target(),
    "api:notification-unread-count": Target(),
    "api:delegated-question-list": Target(persona="member"),
    "api:assessment-template-list": Target(),
    "api:audit-log-list": Target(persona="staff"),
}

NOT_WALKED = {
    "health": "reads no input",
    "api-schema": "reads no input (and takes seconds to render)",
    "api-docs": "reads no input",
    "api:notification-detail": "read only, by uuid (the resolver refuses anything else)",
    "api:audit-log-detail": "read only, staff, by id",
    "api:assessment-template-detail": "read only, product-wide",
    "api:intelligence-follow-detail": "DELETE only, by id: it reads no body or parameter",
}


def _write_targets() -> dict[str, Target]:
    targets = {}
    for name, route in ROUTES.items():
        for method, payload in route.writes[:1]:
            if method != "delete":
                targets[name] = Target(
                    args=route.args, method=method, payload=lambda w, p=payload: dict(p)
                )
    targets.update(EXTRA_WRITES)
    return targets


def _read_targets() -> dict[str, Target]:
    targets = {name: Target(args=r.args) for name, r in ROUTES.items() if r.get}
    targets.update(EXTRA_READS)
    # A POST-only route answers a GET with 405: nothing to read.
    return {
        name: target
        for name, target in targets.items()
        if ROUTES.get(name) is None or not ROUTES[name].get or ROUTES[name].get["admin"] != 405
    }


WRITES = _write_targets()
READS = _read_targets()


@dataclass
class Failure:
    route: str
    field: str
    value: str
    what: str

    def __str__(self) -> str:
        return f"{self.route} [{self.field}={self.value}]: {self.what}"


@dataclass
class Walk:
    world: World
    client: Client
    failures: list[Failure] = field(default_factory=list)

    def send(self, route: str, field_name: str, value_name: str, call, *args, **kwargs):
        started = time.monotonic()
        try:
            with transaction.atomic():
                response = call(*args, **kwargs)
                transaction.set_rollback(True)  # every call starts from the same world
        except Exception as exc:  # noqa: BLE001 - the client re-raises the view's exception
            last = traceback.format_exception_only(type(exc), exc)[-1].strip()
            self.failures.append(Failure(route, field_name, value_name, last[:300]))
            return None
        elapsed = time.monotonic() - started
        if response.status_code >= 500:
            what = f"HTTP {response.status_code}"
            self.failures.append(Failure(route, field_name, value_name, what))
        elif elapsed > MAX_SECONDS:
            self.failures.append(Failure(route, field_name, value_name, f"took {elapsed:.1f} s"))
        return response

    def report(self) -> str:
        return "\n".join(map(str, self.failures))


@pytest.fixture(scope="module")
def corpus_world(django_db_setup, django_db_blocker):
    """The world and one signed-in client per persona, for the whole module (rolled back)."""
    with django_db_blocker.unblock(), transaction.atomic():
        with tenancy.unscoped():  # the set-up reads across organisations, as a test body does
            w = build_world()
            _add_objects(w)
            w.objects["clients"] = {"anonymous": Client()}
            for persona in ("owner", "member", "staff"):
                w.objects["clients"][persona] = Client()
                w.objects["clients"][persona].force_login(w.users[persona])
        yield w
        transaction.set_rollback(True)


def _add_objects(w: World) -> None:
    from assessments import selectors as assessment_selectors

    owner = w.users["owner"]
    w.objects["notification"] = Notification.objects.create(
        user=owner, title="Hello", message="A notification", type="system"
    )
    globex_member = OrgRole.objects.get(org=w.globex, key="member")
    w.objects["own_invitation"], w.objects["invitation_token"] = org_services.invitation_create(
        org=w.globex, email=owner.email, role=globex_member, invited_by=w.users["outsider"]
    )
    w.objects["question"] = assessment_selectors.delegations_to_user_unscoped(
        w.users["member"]
    ).first()


@pytest.fixture
def walk(corpus_world, db):
    return Walk(world=corpus_world, client=corpus_world.objects["clients"]["anonymous"])


def _login(walk: Walk, persona: str) -> None:
    walk.client = walk.world.objects["clients"][persona]


_FIELDS: dict[str, list[str]] = {}


def _form_fields(walk: Walk, url: str, target: Target) -> list[str]:
    """The page's own form fields (from its GET), the known payload and the generic names."""
    if url not in _FIELDS:
        names = [*target.payload(walk.world), *target.fields, *GENERIC_FIELDS]
        page = walk.send(url, "GET", "-", walk.client.get, url)
        if page is not None and page.status_code == 200 and "html" in page["Content-Type"]:
            names += re.findall(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', page.text)
        _FIELDS[url] = [n for n in dict.fromkeys(names) if n != "csrfmiddlewaretoken"]
    return _FIELDS[url]


def _api_fields(walk: Walk, name: str, target: Target) -> list[str]:
    """The known payload and the serializer's writable fields."""
    names = [*target.payload(walk.world), *target.fields]
    match = get_resolver().resolve(reverse(name, args=target.args(walk.world)))
    serializer_class = getattr(getattr(match.func, "cls", None), "serializer_class", None)
    action = getattr(match.func, "actions", {}).get(target.method)
    if serializer_class is not None and action in ("create", "update", "partial_update"):
        names += [n for n, f in serializer_class().fields.items() if not f.read_only]
    return list(dict.fromkeys(names))


def _urlencoded(data: dict[str, str | None]) -> str:
    """Values holding % are already percent-encoded (they carry raw bytes: NUL, ED A0 80)."""
    return "&".join(
        f"{quote(k)}={quote(v, safe='%') if '%' in v else quote(v)}"
        for k, v in data.items()
        if v is not None
    )


def _json_body(data: dict, deep_field: str | None) -> str:
    body = json.dumps(data)
    if deep_field is None:
        return body
    # Too deep for json.dumps: written out by hand.
    nested = "[" * DEPTH + "]" * DEPTH
    return body[:-1] + ("," if data else "") + f"{json.dumps(deep_field)}:{nested}" + "}"


def _plain(value) -> str:
    return ",".join(value) if isinstance(value, list) else str(value)


def _send_write(walk: Walk, name: str, target: Target, value_name: str) -> None:
    json_value, form_value = CORPUS[value_name]
    url = reverse(name, args=target.args(walk.world))
    is_json = url.startswith("/api/") or name == "billing:stripe_webhook"
    fields = _api_fields(walk, name, target) if is_json else _form_fields(walk, url, target)
    valid = target.payload(walk.world)
    method = getattr(walk.client, target.method)

    def call(bad: list[str]):
        if is_json:
            deep = value_name == "deep-json"
            data = {k: v for k, v in valid.items() if k not in bad}
            data.update({k: json_value for k in bad if not deep})
            body = _json_body(data, bad[0] if deep and bad else None)
            return lambda: method(url, body, content_type="application/json")
        data = {k: _plain(v) for k, v in valid.items() if k not in bad}
        data.update(dict.fromkeys(bad, form_value))
        body = _urlencoded(data)
        return lambda: method(url, body, content_type="application/x-www-form-urlencoded")

    walk.send(name, "*", value_name, call(fields))
    for field_name in fields:
        walk.send(name, field_name, value_name, call([field_name]))


def _send_read(walk: Walk, name: str, target: Target, value_name: str) -> None:
    form_value = CORPUS[value_name][1]
    if form_value is None:
        return
    url = reverse(name, args=target.args(walk.world))
    query = _urlencoded(dict.fromkeys(GENERIC_FILTERS, form_value))
    walk.send(name, "?*", value_name, walk.client.get, f"{url}?{query}")


# --- Failures still open in other engineers' areas: (route, value) → the pending fix ----------
# Each is xfail(strict=True): once the fix lands, the case passes, the xfail fails, and the
# entry must go.
PENDING: dict[tuple[str, str], str] = {}


def _write_cases() -> list:
    cases = []
    for name in sorted(WRITES):
        for value_name in CORPUS:
            reason = PENDING.get((name, value_name))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            cases.append(pytest.param(name, value_name, id=f"{name}-{value_name}", marks=marks))
    return cases


@pytest.mark.slow  # each case posts every field of a form alone and all at once: 1-2 s
@pytest.mark.parametrize(("name", "value_name"), _write_cases())
def test_no_write_answers_5xx(walk, name, value_name):
    target = WRITES[name]
    _login(walk, target.persona)

    _send_write(walk, name, target, value_name)

    assert not walk.failures, walk.report()


@pytest.mark.slow  # each case reads with every filter × every hostile value
@pytest.mark.parametrize("name", sorted(READS))
def test_no_filter_answers_5xx(walk, name):
    target = READS[name]
    _login(walk, target.persona)

    for value_name in CORPUS:
        _send_read(walk, name, target, value_name)

    assert not walk.failures, walk.report()


PATH_VALUES = {"nul": "%00", "a-nul-b": "a%00b", "surrogate": "%ED%A0%80"}


@pytest.mark.parametrize("name", sorted({*WRITES, *READS}))
def test_nul_or_a_lone_surrogate_in_the_path_answers_404(walk, name):
    target = WRITES.get(name) or READS[name]
    _login(walk, target.persona)
    url = reverse(name, args=target.args(walk.world))
    method = getattr(walk.client, target.method if name in WRITES else "get")
    statuses = {}
    for arg in map(str, target.args(walk.world)):
        for value_name, bad_arg in PATH_VALUES.items():
            bad = url.replace(f"/{quote(arg)}/", f"/{bad_arg}/", 1)
            response = walk.send(name, f"path {arg}", value_name, method, bad)
            statuses[bad] = getattr(response, "status_code", None)
    if not statuses:
        pytest.skip("no argument in the path")

    assert not walk.failures, walk.report()
    assert set(statuses.values()) == {404}, statuses


@pytest.mark.parametrize("path", ["/orgs/invitations/\xed\xa0\x80/", "/api/v1/orgs/a\xed\xa0\x80/"])
def test_a_lone_surrogates_raw_bytes_in_the_path_answer_404(path):
    """As a WSGI server hands the path over: raw bytes decoded as latin-1."""
    from django.core.handlers.wsgi import WSGIRequest
    from django.test import RequestFactory

    from config.middleware import RejectUnreadableInputMiddleware

    environ = {**RequestFactory()._base_environ(), "PATH_INFO": path}
    middleware = RejectUnreadableInputMiddleware(lambda request: pytest.fail("view reached"))

    assert middleware(WSGIRequest(environ)).status_code == 404


def test_every_route_is_walked_or_says_why_not():
    walked = {*WRITES, *READS, *NOT_WALKED}
    missing = [
        (path, name)
        for path, name in _all_routes()
        if not path.startswith(EXEMPT_PREFIXES) and name not in walked
    ]
    assert missing == [], f"walk these routes in {__file__} or say why not: {missing}"
