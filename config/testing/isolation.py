"""The cross-tenant matrix as a harness: every portal URL and API route × every persona.

Acme holds the objects. The personas are anonymous, Acme's viewer, member and admin, Charlie
(owner of Globex, an outsider to Acme) and platform staff. An outsider gets 404 for every one of
Acme's URLs, read or write, and never sees Acme's rows in his own lists.

Each app lists its routes beside its URLs, in `<app>/tests/isolation_routes.py` (`ROUTES`, a
list of `Route`), and its `tests/test_isolation.py` runs the checks below over that list, with
the world built once per module (each test in a savepoint rolled back). `all_routes()` collects
every app's list; `config/tests/test_isolation_matrix.py` fails when the URLconf has a route no list
covers, so a new endpoint must join the matrix.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from config import tenancy

PERSONAS = ("anonymous", "viewer", "member", "admin", "outsider", "staff")

# The apps whose tests/isolation_routes.py the harness collects, bottom floor first.
APPS = (
    "config",
    "events",
    "accounts",
    "orgs",
    "billing",
    "notifications",
    "scoring",
    "assessments",
    "intelligence",
    "teams",
    "dashboards",
    "demo",
)

# Routes that belong to libraries and carry no organisation data of their own.
EXEMPT_PREFIXES = ("admin/", "accounts/", "media/", "^media/", "static/")


def _statuses(anonymous, viewer, member, admin, outsider, staff) -> dict[str, int]:
    return dict(zip(PERSONAS, (anonymous, viewer, member, admin, outsider, staff), strict=True))


PORTAL_READ = _statuses(302, 200, 200, 200, 404, 200)
PORTAL_MANAGE = _statuses(302, 403, 403, 200, 404, 403)
PORTAL_POST_ONLY = _statuses(302, 405, 405, 405, 404, 405)
PORTAL_OWNER_ONLY = _statuses(302, 403, 403, 403, 404, 403)
API_READ = _statuses(401, 200, 200, 200, 404, 200)
API_MANAGE = _statuses(401, 403, 403, 200, 404, 403)
PORTAL_EDIT = _statuses(302, 403, 200, 200, 404, 403)
# A user's own draft: nobody else, not even staff, opens it.
PORTAL_OWN_ONLY = _statuses(302, 404, 404, 404, 404, 404)
API_OWN_ONLY = _statuses(401, 404, 404, 404, 404, 404)
# A user's result: colleagues see it once shared; org admins and platform staff always.
PORTAL_RESULT = _statuses(302, 404, 404, 200, 404, 200)
API_RESULT = _statuses(401, 404, 404, 200, 404, 200)
# An old URL kept only to send everyone on (the login page, or the new URL).
REDIRECT = _statuses(302, 302, 302, 302, 302, 302)


@dataclass
class World:
    acme: object
    globex: object
    users: dict
    objects: dict = field(default_factory=dict)


def _no_kwargs(w: World) -> dict:
    return {}


@dataclass
class Route:
    """How to reach Acme's object through a route, and what each persona gets.

    `kwargs` gives the URL's arguments from the world, in the URL's order. `get` is the status
    each persona gets for a GET (None: the route is not a GET page, its writes are checked).
    `writes` are the (method, payload) an outsider, anonymous and staff must not land.
    `own_list_kwargs` point at the outsider's own list (Globex's), which must not show Acme's
    rows. `why_not_org_scoped` says why a route outside any organisation has no case.
    `old_url`: a URL kept only to redirect; `location(w, persona)` is where it sends a persona.
    """

    name: str
    kwargs: Callable[[World], dict] = _no_kwargs
    get: dict[str, int] | None = None
    writes: tuple[tuple[str, dict], ...] = ()
    own_list_kwargs: Callable[[World], dict] | None = None
    why_not_org_scoped: str = ""
    old_url: bool = False
    location: Callable[[World, str], str] | None = None

    @property
    def key(self) -> str:
        return f"{self.name} (old URL)" if self.old_url else self.name

    def args(self, w: World) -> list:
        """The URL's arguments as a list (the bad-input corpus and the API walks reverse so)."""
        return list(self.kwargs(w).values())

    @property
    def own_list_args(self) -> Callable[[World], list] | None:
        if self.own_list_kwargs is None:
            return None
        return lambda w: list(self.own_list_kwargs(w).values())

    def url(self, w: World) -> str:
        return reverse(self.name, kwargs=self.kwargs(w))

    def __repr__(self) -> str:
        return f"Route({self.key!r})"


# Arguments from the world, for the route lists.


def acme(w: World) -> dict:
    return {"org_slug": w.acme.slug}


def globex(w: World) -> dict:
    return {"org_slug": w.globex.slug}


def acme_and(key: str, kwarg: str) -> Callable[[World], dict]:
    """Acme's slug and the pk of one of its objects, under the URL's name for it."""
    return lambda w: {"org_slug": w.acme.slug, kwarg: w.objects[key].pk}


def acme_type(w: World) -> dict:
    return {"org_slug": w.acme.slug, "assessment_type": "strategic_maturity"}


def globex_type(w: World) -> dict:
    return {"org_slug": w.globex.slug, "assessment_type": "strategic_maturity"}


def acme_attempt(kwarg: str) -> Callable[[World], dict]:
    return lambda w: {
        "org_slug": w.acme.slug,
        "assessment_type": "strategic_maturity",
        kwarg: w.objects["attempt"].pk,
    }


# The route lists.


def app_routes(app: str) -> list[Route]:
    """`app`'s route list, or [] when the app has none (or does not exist yet)."""
    module_name = f"{app}.tests.isolation_routes"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            return []
        raise
    return list(module.ROUTES)


def all_routes() -> dict[str, Route]:
    """Every app's routes by key (the route's name, or `name (old URL)`)."""
    routes: dict[str, Route] = {}
    for app in APPS:
        for route in app_routes(app):
            if route.key in routes:
                raise AssertionError(f"{route.key} is listed twice (second time by {app})")
            routes[route.key] = route
    return routes


def by_name(routes: dict[str, Route]) -> dict[str, Route]:
    """One route per URL name (old URLs left out): what `reverse(name, args=...)` walks use."""
    return {route.name: route for route in routes.values() if not route.old_url}


def urlconf_routes(patterns=None, prefix="", namespace=None):
    """(path, name) of every pattern of the URLconf."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from urlconf_routes(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield prefix + str(pattern.pattern), name


def unlisted_routes(routes: dict[str, Route]) -> list[tuple[str, str]]:
    """The URLconf's routes that no route list covers."""
    names = {route.name for route in routes.values()}
    return [
        (path, name)
        for path, name in urlconf_routes()
        if not path.startswith(EXEMPT_PREFIXES) and name not in names
    ]


def unknown_routes(routes: list[Route]) -> list[str]:
    """Listed routes whose name the URLconf does not have (a list gone stale)."""
    names = {name for _, name in urlconf_routes()}
    return [route.key for route in routes if route.name not in names]


# Parametrisation of an app's test_isolation.py.


def get_cases(routes: list[Route]) -> list:
    return [
        pytest.param(route, persona, id=f"{route.key}-{persona}")
        for route in routes
        if route.get
        for persona in PERSONAS
    ]


def write_cases(routes: list[Route]) -> list:
    return [
        pytest.param(route, index, id=f"{route.key}-{index}")
        for route in routes
        for index in range(len(route.writes))
    ]


def list_cases(routes: list[Route]) -> list:
    return [pytest.param(route, id=route.key) for route in routes if route.own_list_kwargs]


# The world, built once per module.


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker):
    """The world is built once for the module, in a transaction rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        with tenancy.unscoped():
            w = build_world()
        yield w
        transaction.set_rollback(True)


@pytest.fixture
def world(_module_world, db):
    """Each test runs in a savepoint of the module's transaction: it starts from the same world
    and whatever it writes is rolled back."""
    return _module_world


def build_world() -> World:
    """Acme (owner, viewer, member, admin and their objects), Globex's owner and staff; the
    bad-input corpus (config/tests/test_bad_input_corpus.py) walks the same world. Call it inside
    `tenancy.unscoped()` (a test body is, by the root conftest)."""
    from accounts.tests.factories import UserFactory
    from orgs import services
    from orgs.models import Membership, OrgRole
    from orgs.tests.factories import MembershipFactory, OrganizationFactory

    owner = UserFactory(email="owner@acme.test")
    acme_org = OrganizationFactory(name="Acme", slug="acme", owner=owner)
    users = {"owner": owner}
    for persona, role in (("viewer", "viewer"), ("member", "member"), ("admin", "admin")):
        users[persona] = MembershipFactory(
            org=acme_org, user=UserFactory(email=f"{persona}@acme.test"), role_key=role
        ).user
    users["outsider"] = UserFactory(email="charlie@globex.test")
    globex_org = OrganizationFactory(name="Globex", slug="globex", owner=users["outsider"])
    users["staff"] = UserFactory(email="staff@platform.test", role="super_admin")
    w = World(acme=acme_org, globex=globex_org, users=users)
    w.objects["membership"] = Membership.objects.get(org=acme_org, user=users["member"])
    w.objects["invitation"], _ = services.invitation_create(
        org=acme_org,
        email="pending@acme.test",
        role=OrgRole.objects.get(org=acme_org, key="member"),
        invited_by=owner,
    )
    w.objects["api_key"], _ = services.api_key_create(
        org=acme_org, name="Acme BI", scope="read", created_by=owner
    )
    w.objects["role"] = services.role_create(
        org=acme_org, name="Analyst", permissions=["org.view"], actor=owner
    )
    # api_key_create raised a security alert (orgs.services): Acme's alert for orgs:security_*.
    w.objects["security_alert"] = acme_org.security_alerts.order_by("created_at").first()
    w.objects["event"] = _event_model().objects.filter(org=acme_org).order_by("created_at").first()
    _assessment_objects(w, owner)
    w.objects["follow"] = _follow(owner)
    return w


def _follow(owner):
    """The owner follows an industry (intelligence: a personal row, the user's own)."""
    from intelligence.follows import follow_set

    return follow_set(user=owner, kind="industry", name="Retail", active=True)


def _event_model():
    """The domain event model: `events.Event` (once moved there), else `notifications.Event`."""
    from django.apps import apps

    for label in ("events", "notifications"):
        try:
            return apps.get_model(label, "Event")
        except LookupError:
            continue
    raise LookupError("no Event model")


def _assessment_objects(w: World, owner) -> None:
    """The owner's draft (with a delegated question), a scored result and an open pulse."""
    from assessments import services as assessment_services
    from assessments.tests.factories import AssessmentTemplateFactory

    AssessmentTemplateFactory(assessment_type="strategic_maturity", is_active=True)
    done = assessment_services.attempt_start(
        user=owner, org=w.acme, assessment_type="strategic_maturity"
    )
    assessment_services.attempt_save_answers(
        attempt=done,
        answers={"t_pipeline": 4, "t_review": "weekly", "t_channels": ["seo"]},
        user=owner,
    )
    w.objects["result"] = assessment_services.attempt_submit(attempt=done, user=owner)
    w.objects["attempt"] = assessment_services.attempt_start(
        user=owner, org=w.acme, assessment_type="strategic_maturity"
    )
    w.objects["delegation"] = assessment_services.questions_delegate(
        attempt=w.objects["attempt"],
        owner=owner,
        email="member@acme.test",
        question_keys=["t_review"],
    )
    w.objects["pulse"] = assessment_services.pulse_create(
        org=w.acme,
        created_by=owner,
        title="Acme pulse",
        statements=["Clear strategy"],
        emails=["member@acme.test", "viewer@acme.test", "admin@acme.test"],
    )


def fingerprint(w: World) -> tuple:
    """Everything an outsider's write could change in Acme (read inside `tenancy.unscoped()`)."""
    acme_org = type(w.acme).objects.get(pk=w.acme.pk)
    return (
        acme_org.name,
        sorted((str(m.user_id), str(m.role_id)) for m in acme_org.memberships.all()),
        sorted((r.name, tuple(r.permissions)) for r in acme_org.roles.all()),
        sorted((i.email, bool(i.revoked_at)) for i in acme_org.invitations.all()),
        sorted((k.name, bool(k.revoked_at)) for k in acme_org.api_keys.all()),
        sorted((str(a.pk), bool(a.resolved_at)) for a in acme_org.security_alerts.all()),
        _assessment_fingerprint(acme_org),
        _follows_fingerprint(acme_org),
    )


def _follows_fingerprint(acme_org) -> list:
    from intelligence.models import RealtimeSubscription

    members = acme_org.memberships.values_list("user_id", flat=True)
    return sorted(
        (str(f.pk), f.is_active)
        for f in RealtimeSubscription.objects.filter(user_id__in=list(members))
    )


def _assessment_fingerprint(acme_org) -> tuple:
    from assessments.models import (
        SPECIALISED_MODELS,
        AssessmentAssignment,
        AssessmentDelegation,
        OnboardingAssessment,
        PulseResponse,
        StrategicPulse,
    )
    from billing.models import Subscription
    from scoring.models import AssessmentScoringResult

    return (
        sorted(
            (str(a.pk), a.status, repr(sorted(a.answers.items())))
            for model in SPECIALISED_MODELS.values()
            for a in model.objects.filter(org=acme_org)
        ),
        sorted(
            (str(r.pk), str(r.score)) for r in AssessmentScoringResult.objects.filter(org=acme_org)
        ),
        sorted((str(d.pk), d.status) for d in AssessmentDelegation.objects.filter(org=acme_org)),
        OnboardingAssessment.objects.filter(org=acme_org).count(),
        AssessmentAssignment.objects.filter(org=acme_org).count(),
        sorted(p.title for p in StrategicPulse.objects.filter(org=acme_org)),
        PulseResponse.objects.filter(org=acme_org).count(),
        list(
            Subscription.objects.filter(user_id=acme_org.owner_id).values_list(
                "plan", "status", "stripe_customer_id"
            )
        ),
    )


# The checks.


def login(client, w: World, persona: str) -> None:
    if persona != "anonymous":
        client.force_login(w.users[persona])


def send(client, method: str, url: str, payload: dict):
    if method == "post" and url.startswith("/api/"):
        return client.post(url, payload, content_type="application/json")
    if method in ("patch", "delete"):
        return getattr(client, method)(url, payload, content_type="application/json")
    return client.post(url, payload)


def check_get(client, w: World, route: Route, persona: str) -> None:
    """The persona's GET answers the route's status (and an old URL sends it on as it should)."""
    login(client, w, persona)
    url = route.url(w)

    response = client.get(url)

    assert response.status_code == route.get[persona], (route.key, persona, url)
    if route.location is not None:
        expected = route.location(w, persona)
        assert response["Location"].split("?")[0] == expected, (route.key, persona)


def check_outsider_write(client, w: World, route: Route, index: int) -> None:
    """An outsider's write to Acme answers 404 and changes nothing."""
    method, payload = route.writes[index]
    before = fingerprint(w)
    client.force_login(w.users["outsider"])

    response = send(client, method, route.url(w), payload)

    assert response.status_code == 404, (route.key, method)
    assert fingerprint(w) == before


def check_anonymous_and_staff_write(client, w: World, route: Route, index: int) -> None:
    """Anonymous is sent to log in (401 in the API), staff refused; nothing changes."""
    method, payload = route.writes[index]
    before = fingerprint(w)
    url = route.url(w)
    anonymous = send(client, method, url, payload)
    client.force_login(w.users["staff"])
    staff = send(client, method, url, payload)

    assert anonymous.status_code in (302, 401), (route.key, anonymous.status_code)
    assert staff.status_code in (403, 404, 405), (route.key, staff.status_code)
    assert fingerprint(w) == before


def check_own_list(client, w: World, route: Route) -> None:
    """Acme's rows never appear in the outsider's own list (Globex's)."""
    client.force_login(w.users["outsider"])
    url = reverse(route.name, kwargs=route.own_list_kwargs(w))

    body = client.get(url, {"search": "acme"}).content.decode()

    assert "acme.test" not in body
    for obj in w.objects.values():
        assert str(obj.pk) not in body, (route.key, obj)


# An app's test_isolation.py: the checks that have cases for its routes.


def checks_for(routes: list[Route], namespace: dict) -> None:
    """Define, in the test module's `namespace`, the matrix's tests for `routes` (each app's
    tests/test_isolation.py calls it with `globals()`): the persona × GET walk, the outsider's and
    anonymous/staff writes, the outsider's own lists, and the list's own consistency. A check
    with no case for these routes is not defined; the world fixtures join only when a check
    needs them. The functions are made afresh per module, so their parametrisation is its own."""
    tests = {}
    if gets := get_cases(routes):

        @pytest.mark.parametrize(("route", "persona"), gets)
        def test_each_persona_gets_the_expected_answer(client, world, route, persona):
            check_get(client, world, route, persona)

        tests["test_each_persona_gets_the_expected_answer"] = (
            test_each_persona_gets_the_expected_answer
        )
    if writes := write_cases(routes):

        @pytest.mark.parametrize(("route", "index"), writes)
        def test_an_outsiders_write_to_acme_answers_404_and_changes_nothing(
            client, world, route, index
        ):
            check_outsider_write(client, world, route, index)

        @pytest.mark.parametrize(("route", "index"), writes)
        def test_anonymous_and_staff_writes_change_nothing(client, world, route, index):
            check_anonymous_and_staff_write(client, world, route, index)

        tests["test_an_outsiders_write_to_acme_answers_404_and_changes_nothing"] = (
            test_an_outsiders_write_to_acme_answers_404_and_changes_nothing
        )
        tests["test_anonymous_and_staff_writes_change_nothing"] = (
            test_anonymous_and_staff_writes_change_nothing
        )
    if lists := list_cases(routes):

        @pytest.mark.parametrize("route", lists)
        def test_acmes_rows_never_appear_in_an_outsiders_own_lists(client, world, route):
            check_own_list(client, world, route)

        tests["test_acmes_rows_never_appear_in_an_outsiders_own_lists"] = (
            test_acmes_rows_never_appear_in_an_outsiders_own_lists
        )

    def test_every_listed_route_is_in_the_urlconf():
        assert unknown_routes(routes) == []

    def test_every_listed_route_is_either_org_scoped_or_says_why_not():
        for route in routes:
            assert route.get or route.writes or route.why_not_org_scoped, route.key

    tests["test_every_listed_route_is_in_the_urlconf"] = test_every_listed_route_is_in_the_urlconf
    tests["test_every_listed_route_is_either_org_scoped_or_says_why_not"] = (
        test_every_listed_route_is_either_org_scoped_or_says_why_not
    )
    if len(tests) > 2:  # the world is built once for the module, only when a check needs it
        namespace["_module_world"] = _module_world
        namespace["world"] = world
    for name, test in tests.items():
        test.__module__ = namespace["__name__"]
        namespace[name] = test
