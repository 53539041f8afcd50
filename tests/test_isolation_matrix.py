"""Cross-tenant matrix: every portal URL and API route × every persona × Acme's objects.

Acme holds the objects. The personas are anonymous, Acme's viewer, member and admin, Charlie
(owner of Globex, an outsider to Acme) and platform staff. An outsider gets 404 for every one of
Acme's URLs, read or write, and never sees Acme's rows in his own lists. The meta-test at the end
fails when a route exists that ROUTES does not cover, so a new endpoint must join the matrix.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.tests.factories import UserFactory
from notifications.models import Event
from orgs import services
from orgs.models import Membership, OrgRole
from orgs.tests.factories import MembershipFactory, OrganizationFactory

PERSONAS = ("anonymous", "viewer", "member", "admin", "outsider", "staff")


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


@dataclass
class World:
    acme: object
    globex: object
    users: dict
    objects: dict = field(default_factory=dict)


@dataclass
class Route:
    """How to reach Acme's object through a route, and what each persona gets."""

    args: Callable[[World], list] = lambda w: []
    get: dict[str, int] | None = None  # None: the route is not a GET page (checked by writes)
    writes: tuple[tuple[str, dict], ...] = ()  # (method, payload) an outsider must not land
    own_list_args: Callable[[World], list] | None = None  # the outsider's own list, for leaks
    why_not_org_scoped: str = ""  # for routes outside any organisation


def _acme(w):
    return [w.acme.slug]


def _acme_and(key):
    return lambda w: [w.acme.slug, w.objects[key].pk]


def _attempt(w):
    return [w.acme.slug, "strategic_maturity", w.objects["attempt"].pk]


def _api_attempt(w):
    return [w.acme.slug, "strategic_maturity", w.objects["attempt"].pk]


ROUTES: dict[str, Route] = {
    # Public and user-scoped pages (no organisation in the URL).
    "landing": Route(why_not_org_scoped="public landing page"),
    "health": Route(why_not_org_scoped="health check, no data"),
    "api-schema": Route(why_not_org_scoped="OpenAPI schema, no data"),
    "api-docs": Route(why_not_org_scoped="API documentation, no data"),
    "accounts:profile": Route(why_not_org_scoped="the caller's own profile"),
    "accounts:profile_picture": Route(why_not_org_scoped="the caller's own picture"),
    "dashboards:home": Route(why_not_org_scoped="the caller's current org, resolved per user"),
    "orgs:create": Route(why_not_org_scoped="creates a new org for the caller"),
    "api:me": Route(why_not_org_scoped="the caller's own profile"),
    "notifications:index": Route(why_not_org_scoped="the caller's own notifications"),
    "notifications:mark_read": Route(why_not_org_scoped="the caller's own notification"),
    "notifications:mark_all_read": Route(why_not_org_scoped="the caller's own notifications"),
    # Switching is org-addressed by a posted slug.
    "orgs:switch": Route(writes=(("post", {"org_slug": "acme"}),)),
    "orgs:invitation_accept": Route(why_not_org_scoped="the emailed token is the credential"),
    "orgs:invitation_join": Route(
        writes=(("post", {}),), args=lambda w: [w.objects["invitation"].pk]
    ),
    # Organisation pages.
    "orgs:settings": Route(
        args=_acme,
        get=PORTAL_READ,
        writes=(("post", {"name": "Pwned"}),),
        own_list_args=lambda w: [w.globex.slug],
    ),
    "orgs:members": Route(
        args=_acme,
        get=PORTAL_READ,
        writes=(("post", {"email": "x@evil.test", "role": ""}),),
        own_list_args=lambda w: [w.globex.slug],
    ),
    "orgs:member_role": Route(
        args=_acme_and("membership"), get=PORTAL_POST_ONLY, writes=(("post", {"role": ""}),)
    ),
    "orgs:member_remove": Route(
        args=_acme_and("membership"), get=PORTAL_POST_ONLY, writes=(("post", {}),)
    ),
    "orgs:invitation_revoke": Route(
        args=_acme_and("invitation"), get=PORTAL_POST_ONLY, writes=(("post", {}),)
    ),
    "orgs:api_keys": Route(
        args=_acme,
        get=PORTAL_MANAGE,
        writes=(("post", {"name": "x", "scope": "read"}),),
        own_list_args=lambda w: [w.globex.slug],
    ),
    "orgs:api_key_revoke": Route(
        args=_acme_and("api_key"), get=PORTAL_POST_ONLY, writes=(("post", {}),)
    ),
    "orgs:roles": Route(
        args=_acme,
        get=PORTAL_READ,
        writes=(("post", {"name": "x", "permissions": ["org.view"]}),),
        own_list_args=lambda w: [w.globex.slug],
    ),
    "orgs:role_edit": Route(
        args=_acme_and("role"), get=PORTAL_OWNER_ONLY, writes=(("post", {"delete": "1"}),)
    ),
    # API.
    "api:org-list": Route(why_not_org_scoped="lists the caller's own organisations"),
    "api:org-detail": Route(args=_acme, get=API_READ, writes=(("patch", {"name": "Pwned"}),)),
    "api:member-list": Route(args=_acme, get=API_READ, own_list_args=lambda w: [w.globex.slug]),
    "api:member-detail": Route(
        args=_acme_and("membership"), get=API_READ, writes=(("patch", {"role": ""}), ("delete", {}))
    ),
    "api:role-list": Route(
        args=_acme,
        get=API_READ,
        writes=(("post", {"name": "x", "permissions": []}),),
        own_list_args=lambda w: [w.globex.slug],
    ),
    "api:role-detail": Route(
        args=_acme_and("role"), get=API_READ, writes=(("patch", {"name": "y"}), ("delete", {}))
    ),
    "api:invitation-list": Route(
        args=_acme,
        get=API_MANAGE,
        writes=(("post", {"email": "x@evil.test"}),),
        own_list_args=lambda w: [w.globex.slug],
    ),
    "api:invitation-detail": Route(
        args=_acme_and("invitation"), get=API_MANAGE, writes=(("delete", {}),)
    ),
    "api:api-key-list": Route(
        args=_acme,
        get=API_MANAGE,
        writes=(("post", {"name": "x", "scope": "read"}),),
        own_list_args=lambda w: [w.globex.slug],
    ),
    "api:event-list": Route(args=_acme, get=API_READ, own_list_args=lambda w: [w.globex.slug]),
    "api:event-detail": Route(args=_acme_and("event"), get=API_READ),
    "api:audit-log-list": Route(why_not_org_scoped="platform staff only (tested apart)"),
    "api:audit-log-detail": Route(why_not_org_scoped="platform staff only (tested apart)"),
    "api:notification-list": Route(why_not_org_scoped="the caller's own notifications"),
    "api:notification-detail": Route(why_not_org_scoped="the caller's own notification"),
    "api:notification-read": Route(why_not_org_scoped="the caller's own notification"),
    "api:notification-read-all": Route(why_not_org_scoped="the caller's own notifications"),
    "api:notification-unread-count": Route(why_not_org_scoped="the caller's own notifications"),
    "api:api-key-detail": Route(
        args=_acme_and("api_key"), get=API_MANAGE, writes=(("delete", {}),)
    ),
    # Assessments: portal.
    "assessments:delegated": Route(why_not_org_scoped="questions delegated to the caller"),
    "assessments:invitation_accept": Route(
        why_not_org_scoped="the emailed token is the credential"
    ),
    "assessments:index": Route(
        args=_acme, get=PORTAL_READ, own_list_args=lambda w: [w.globex.slug]
    ),
    "assessments:onboarding": Route(
        args=_acme, get=PORTAL_EDIT, writes=(("post", {"step": 0, "business_overview": "x"}),)
    ),
    "assessments:start": Route(
        args=lambda w: [w.acme.slug, "strategic_maturity"],
        get=PORTAL_POST_ONLY,
        writes=(("post", {}),),
    ),
    "assessments:take": Route(
        args=_attempt, get=PORTAL_OWN_ONLY, writes=(("post", {"page": 0, "t_pipeline": "1"}),)
    ),
    "assessments:autosave": Route(
        args=_attempt, get=PORTAL_POST_ONLY, writes=(("post", {"page": 0, "t_pipeline": "1"}),)
    ),
    "assessments:review": Route(args=_attempt, get=PORTAL_OWN_ONLY, writes=(("post", {}),)),
    "assessments:delegate": Route(
        args=_attempt,
        get=PORTAL_POST_ONLY,
        writes=(("post", {"email": "x@evil.test", "question_keys": ["t_pipeline"]}),),
    ),
    "assessments:result": Route(args=_acme_and("result"), get=PORTAL_RESULT),
    "assessments:export_pdf": Route(args=_acme_and("result"), get=PORTAL_RESULT),
    "assessments:export_csv": Route(args=_acme_and("result"), get=PORTAL_RESULT),
    "assessments:history": Route(
        args=lambda w: [w.acme.slug, "strategic_maturity"],
        get=PORTAL_READ,
        own_list_args=lambda w: [w.globex.slug, "strategic_maturity"],
    ),
    "assessments:team": Route(
        args=_acme,
        get=PORTAL_READ,
        writes=(("post", {"email": "member@acme.test", "assessment_type": "bpm"}),),
        own_list_args=lambda w: [w.globex.slug],
    ),
    "assessments:delegation_revoke": Route(
        args=_acme_and("delegation"), get=PORTAL_POST_ONLY, writes=(("post", {}),)
    ),
    "assessments:pulses": Route(
        args=_acme,
        get=PORTAL_READ,
        writes=(("post", {"title": "x", "statements": "y", "emails": ["member@acme.test"]}),),
        own_list_args=lambda w: [w.globex.slug],
    ),
    "assessments:pulse_detail": Route(args=_acme_and("pulse"), get=PORTAL_READ),
    "assessments:pulse_respond": Route(
        args=_acme_and("pulse"), get=PORTAL_READ, writes=(("post", {"q1": "1"}),)
    ),
    # Billing.
    "billing:stripe_webhook": Route(
        why_not_org_scoped="Stripe's webhook: the signature is the key"
    ),
    "billing:index": Route(args=_acme, get=PORTAL_READ, own_list_args=lambda w: [w.globex.slug]),
    "billing:checkout": Route(
        args=_acme,
        get=PORTAL_POST_ONLY,
        writes=(("post", {"plan": "Growth", "cycle": "monthly"}),),
    ),
    "billing:portal": Route(args=_acme, get=PORTAL_POST_ONLY, writes=(("post", {}),)),
    # Assessments: API.
    "api:assessment-template-list": Route(why_not_org_scoped="product-wide question banks"),
    "api:assessment-template-detail": Route(why_not_org_scoped="product-wide question banks"),
    "api:delegated-question-list": Route(why_not_org_scoped="questions delegated to the caller"),
    "api:delegated-question-answer": Route(why_not_org_scoped="questions delegated to the caller"),
    "api:assessment-list": Route(
        args=lambda w: [w.acme.slug, "strategic_maturity"],
        get=API_READ,
        writes=(("post", {}),),
        own_list_args=lambda w: [w.globex.slug, "strategic_maturity"],
    ),
    "api:assessment-detail": Route(args=_api_attempt, get=API_OWN_ONLY),
    "api:assessment-answers": Route(
        args=_api_attempt, writes=(("post", {"answers": {"t_pipeline": 1}}),)
    ),
    "api:assessment-submit": Route(args=_api_attempt, writes=(("post", {}),)),
    "api:result-list": Route(args=_acme, get=API_READ, own_list_args=lambda w: [w.globex.slug]),
    "api:result-detail": Route(args=_acme_and("result"), get=API_RESULT),
    "api:result-pdf": Route(args=_acme_and("result"), get=API_RESULT),
    "api:result-csv": Route(args=_acme_and("result"), get=API_RESULT),
    "api:result-recompute": Route(
        why_not_org_scoped="a staff-only write: outsiders and members tested in "
        "assessments/tests/test_api.py"
    ),
    "api:delegation-list": Route(
        args=_acme,
        get=API_READ,
        writes=(
            (
                "post",
                {
                    "assessment_type": "strategic_maturity",
                    "assessment_id": "00000000-0000-0000-0000-000000000000",
                    "email": "x@evil.test",
                    "question_keys": ["t_pipeline"],
                },
            ),
        ),
        own_list_args=lambda w: [w.globex.slug],
    ),
    "api:delegation-detail": Route(args=_acme_and("delegation"), get=API_OWN_ONLY),
    "api:pulse-list": Route(
        args=_acme,
        get=API_READ,
        writes=(("post", {"title": "x", "statements": ["y"], "emails": ["member@acme.test"]}),),
        own_list_args=lambda w: [w.globex.slug],
    ),
    "api:pulse-detail": Route(args=_acme_and("pulse"), get=API_READ),
    "api:pulse-respond": Route(args=_acme_and("pulse"), writes=(("post", {"answers": {"q1": 1}}),)),
}

# Routes that belong to libraries and carry no organisation data of their own.
EXEMPT_PREFIXES = ("admin/", "accounts/", "media/", "^media/", "static/")


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker):
    """The world is built once for the module, in a transaction rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(_module_world, db):
    """Each test runs in a savepoint of the module's transaction: it starts from the same world
    and whatever it writes is rolled back."""
    return _module_world


def build_world() -> World:
    """Acme (owner, viewer, member, admin and their objects), Globex's owner and staff; the
    bad-input corpus (tests/test_bad_input_corpus.py) walks the same world."""
    owner = UserFactory(email="owner@acme.test")
    acme = OrganizationFactory(name="Acme", slug="acme", owner=owner)
    users = {"owner": owner}
    for persona, role in (("viewer", "viewer"), ("member", "member"), ("admin", "admin")):
        users[persona] = MembershipFactory(
            org=acme, user=UserFactory(email=f"{persona}@acme.test"), role_key=role
        ).user
    users["outsider"] = UserFactory(email="charlie@globex.test")
    globex = OrganizationFactory(name="Globex", slug="globex", owner=users["outsider"])
    users["staff"] = UserFactory(email="staff@platform.test", role="super_admin")
    w = World(acme=acme, globex=globex, users=users)
    w.objects["membership"] = Membership.objects.get(org=acme, user=users["member"])
    w.objects["invitation"], _ = services.invitation_create(
        org=acme,
        email="pending@acme.test",
        role=OrgRole.objects.get(org=acme, key="member"),
        invited_by=owner,
    )
    w.objects["api_key"], _ = services.api_key_create(
        org=acme, name="Acme BI", scope="read", created_by=owner
    )
    w.objects["role"] = services.role_create(
        org=acme, name="Analyst", permissions=["org.view"], actor=owner
    )
    w.objects["event"] = Event.objects.filter(org=acme).order_by("created_at").first()
    _assessment_objects(w, owner)
    return w


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


def _fingerprint(w: World) -> tuple:
    """Everything an outsider's write could change in Acme."""
    acme = type(w.acme).objects.get(pk=w.acme.pk)
    return (
        acme.name,
        sorted((str(m.user_id), str(m.role_id)) for m in acme.memberships.all()),
        sorted((r.name, tuple(r.permissions)) for r in acme.roles.all()),
        sorted((i.email, bool(i.revoked_at)) for i in acme.invitations.all()),
        sorted((k.name, bool(k.revoked_at)) for k in acme.api_keys.all()),
        _assessment_fingerprint(acme),
    )


def _assessment_fingerprint(acme) -> tuple:
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
            for a in model.objects.filter(org=acme)
        ),
        sorted((str(r.pk), str(r.score)) for r in AssessmentScoringResult.objects.filter(org=acme)),
        sorted((str(d.pk), d.status) for d in AssessmentDelegation.objects.filter(org=acme)),
        OnboardingAssessment.objects.filter(org=acme).count(),
        AssessmentAssignment.objects.filter(org=acme).count(),
        sorted(p.title for p in StrategicPulse.objects.filter(org=acme)),
        PulseResponse.objects.filter(org=acme).count(),
        list(
            Subscription.objects.filter(user_id=acme.owner_id).values_list(
                "plan", "status", "stripe_customer_id"
            )
        ),
    )


def _login(client, w: World, persona: str) -> None:
    if persona != "anonymous":
        client.force_login(w.users[persona])


def _request(client, method: str, url: str, payload: dict):
    if method == "post" and url.startswith("/api/"):
        return client.post(url, payload, content_type="application/json")
    if method in ("patch", "delete"):
        return getattr(client, method)(url, payload, content_type="application/json")
    return client.post(url, payload)


GET_CASES = [(name, p) for name, r in ROUTES.items() if r.get for p in PERSONAS]
WRITE_CASES = [(name, i) for name, r in ROUTES.items() for i in range(len(r.writes))]
LIST_CASES = [name for name, r in ROUTES.items() if r.own_list_args]


@pytest.mark.parametrize(("name", "persona"), GET_CASES)
def test_each_persona_gets_the_expected_answer(client, world, name, persona):
    route = ROUTES[name]
    _login(client, world, persona)
    url = reverse(name, args=route.args(world))

    response = client.get(url)

    assert response.status_code == route.get[persona], (name, persona, url)


@pytest.mark.parametrize(("name", "index"), WRITE_CASES)
def test_an_outsiders_write_to_acme_answers_404_and_changes_nothing(client, world, name, index):
    route = ROUTES[name]
    method, payload = route.writes[index]
    before = _fingerprint(world)
    client.force_login(world.users["outsider"])

    response = _request(client, method, reverse(name, args=route.args(world)), payload)

    assert response.status_code == 404, (name, method)
    assert _fingerprint(world) == before


@pytest.mark.parametrize(("name", "index"), WRITE_CASES)
def test_anonymous_and_staff_writes_change_nothing(client, world, name, index):
    route = ROUTES[name]
    method, payload = route.writes[index]
    before = _fingerprint(world)
    url = reverse(name, args=route.args(world))
    anonymous = _request(client, method, url, payload)
    client.force_login(world.users["staff"])
    staff = _request(client, method, url, payload)

    assert anonymous.status_code in (302, 401), (name, anonymous.status_code)
    assert staff.status_code in (403, 404, 405), (name, staff.status_code)
    assert _fingerprint(world) == before


@pytest.mark.parametrize("name", LIST_CASES)
def test_acmes_rows_never_appear_in_an_outsiders_own_lists(client, world, name):
    client.force_login(world.users["outsider"])
    url = reverse(name, args=ROUTES[name].own_list_args(world))

    body = client.get(url, {"search": "acme"}).content.decode()

    assert "acme.test" not in body
    for obj in world.objects.values():
        assert str(obj.pk) not in body, (name, obj)


def _all_routes(patterns=None, prefix="", namespace=None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _all_routes(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield prefix + str(pattern.pattern), name


def test_every_route_is_in_the_matrix():
    missing = [
        (path, name)
        for path, name in _all_routes()
        if not path.startswith(EXEMPT_PREFIXES) and name not in ROUTES
    ]
    assert missing == [], f"add these routes to ROUTES in {__file__}: {missing}"


def test_every_route_is_either_org_scoped_or_says_why_not():
    for name, route in ROUTES.items():
        assert route.get or route.writes or route.why_not_org_scoped, name
