"""The API holes of issue 11: deep JSON, NUL and lone surrogates, partial PATCH, read-only keys on
every write route, personal endpoints and org keys, events per role, and a warning-free schema."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from config import safe_json
from config.tests.test_isolation_matrix import ROUTES, _all_routes, _fingerprint, build_world
from events.models import AuditLog, Event
from notifications.models import Notification
from orgs import services
from orgs.models import Membership, OrgRole

WRITE_METHODS = {"post", "put", "patch", "delete"}


@pytest.fixture
def world(db):
    return build_world()


def _send(client, method, url, body, **extra):
    if method == "get":
        return client.get(url, **extra)
    return getattr(client, method)(url, body, content_type="application/json", **extra)


# --- every API write route, from the URL resolver ---------------------------------------------


def _api_write_routes() -> dict[str, set[str]]:
    """name → write methods, for every /api/ route; a new route joins by itself."""
    routes = {}
    callbacks = _callbacks()
    for _path, name in _all_routes():
        if not name or not name.startswith("api:"):
            continue
        callback = callbacks[name]
        actions = getattr(callback, "actions", None)
        if actions is not None:
            methods = set(actions) & WRITE_METHODS
        else:
            methods = {m for m in callback.cls.http_method_names if hasattr(callback.cls, m)}
            methods &= WRITE_METHODS
        if methods:
            routes[name] = methods
    return routes


def _callbacks(patterns=None, namespace=None, found=None) -> dict:
    from django.urls import URLPattern, URLResolver, get_resolver

    found = {} if found is None else found
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            _callbacks(pattern.url_patterns, ns, found)
        elif isinstance(pattern, URLPattern) and pattern.name:
            found[f"{namespace}:{pattern.name}" if namespace else pattern.name] = pattern.callback
    return found


def _personal_args(w) -> dict:
    """Routes outside an org (the matrix gives no args): the owner's own objects."""
    from assessments.models import QuestionDelegation

    notification = Notification.objects.create(
        user=w.users["owner"], type="system", title="Hi", message="", priority="low"
    )
    question = QuestionDelegation.objects.filter(org=w.acme).first()
    return {
        "api:notification-read": [notification.pk],
        "api:delegated-question-answer": [question.pk],
        "api:result-recompute": [w.acme.slug, w.objects["result"].pk],
    }


PERSONAL_BODIES = {"api:me": {"title": "Pwned"}, "api:delegated-question-answer": {"answer": 1}}


def _targets(w):
    personal = _personal_args(w)
    for name, methods in sorted(_api_write_routes().items()):
        route = ROUTES.get(name)
        args = personal.get(name) or (route.args(w) if route else [])
        bodies = dict(route.writes) if route else {}
        for method in sorted(methods, key=lambda m: (m == "delete", m)):  # deletes last
            yield (
                name,
                method,
                reverse(name, args=args),
                bodies.get(method, PERSONAL_BODIES.get(name, {})),
            )


def test_the_write_walk_covers_every_api_write_route():
    routes = _api_write_routes()
    assert {"api:me", "api:org-detail", "api:member-detail", "api:pulse-respond"} <= set(routes)
    bodiless = {"api:notification-read", "api:notification-read-all", "api:result-recompute"}
    uncovered = [
        name
        for name in routes
        if not (name in ROUTES and ROUTES[name].writes)
        and name not in PERSONAL_BODIES
        and name not in bodiless
    ]
    assert uncovered == [], f"give these write routes a body in the isolation matrix: {uncovered}"


def _everything(w) -> tuple:
    return (
        AuditLog.objects.count(),
        Event.objects.count(),
        Notification.objects.filter(is_read=True).count(),
        _fingerprint(w),
    )


@pytest.mark.django_db
def test_a_read_only_key_never_writes_on_any_api_route(client, world):
    _, raw = services.api_key_create(
        org=world.acme, name="Read", scope="read", created_by=world.users["owner"]
    )
    auth = {"HTTP_AUTHORIZATION": f"Api-Key {raw}"}
    assert client.get("/api/v1/orgs/acme/members/", **auth).status_code == 200  # records last use
    targets = list(_targets(world))
    before = _everything(world)

    answers = {
        (name, method): _send(client, method, url, json.dumps(body), **auth).status_code
        for name, method, url, body in targets
    }

    assert {key: code for key, code in answers.items() if code not in (403, 404)} == {}
    assert _everything(world) == before


@pytest.mark.django_db
def test_every_api_write_refuses_json_nested_too_deep_with_400(client, world):
    client.force_login(world.users["owner"])
    deep = "[" * 50_000 + "]" * 50_000
    failures = {}
    for name, method, url, body in _targets(world):
        response = _send(client, method, url, deep)
        reads_a_body = bool(body)
        if response.status_code >= 500 or (
            reads_a_body
            and (response.status_code != 400 or "nested" not in response.json()["detail"])
        ):
            failures[(name, method)] = (response.status_code, response.content[:120])
    assert failures == {}


@pytest.mark.django_db
def test_every_api_write_refuses_a_lone_surrogate_with_a_field_error(client, world):
    client.force_login(world.users["owner"])
    before = _fingerprint(world)
    for name, method, url, body in _targets(world):
        if not body:
            continue
        field = sorted(body)[0]
        raw = json.dumps({**body, field: "@@"}).replace('"@@"', '"bad \\ud800"')
        response = _send(client, method, url, raw)
        assert response.status_code in (400, 403), (name, response.content[:200])
        if response.status_code == 400:
            assert field in response.json(), (name, response.json())
    assert _fingerprint(world) == before


def test_nesting_depth_ignores_brackets_in_strings_and_counts_exactly():
    assert safe_json.nesting_depth('{"a": ["]]]\\"[[[", {"b": "\\\\"}]}') == 3
    assert safe_json.loads("[" * 32 + "]" * 32) is not None
    with pytest.raises(safe_json.JSONTooDeep):
        safe_json.loads("[" * 33 + "]" * 33)
    with pytest.raises(safe_json.JSONTooDeep):
        safe_json.loads('{"a":' * 40 + "1" + "}" * 40)


@pytest.mark.django_db
def test_nul_in_a_json_answer_or_nested_key_is_a_field_error_and_nothing_is_saved(client, world):
    owner, attempt = world.users["owner"], world.objects["attempt"]
    client.force_login(owner)
    url = f"/api/v1/orgs/acme/assessments/strategic_maturity/{attempt.pk}/answers/"

    value = _send(client, "post", url, json.dumps({"answers": {"t_review": "a\x00b"}}))
    key = _send(client, "post", url, json.dumps({"answers": {"t_\x00": {"k\x00": 1}}}))

    assert value.status_code == 400
    assert value.json()["answers.t_review"] == ["Null characters are not allowed."]
    assert key.status_code == 400 and "answers" in key.json()
    attempt.refresh_from_db()
    assert "t_review" not in attempt.answers


@pytest.mark.django_db
def test_nul_in_a_field_is_reported_with_the_other_field_errors(client, alice, acme):
    client.force_login(alice)
    response = _send(
        client,
        "post",
        "/api/v1/orgs/acme/roles/",
        json.dumps({"name": "a\x00", "permissions": ["nope\x00"]}),
    )
    assert response.status_code == 400
    assert {"name", "permissions.0"} <= set(response.json())


@pytest.mark.django_db
def test_nul_in_an_api_path_is_404_and_in_a_query_400(client, world):
    client.force_login(world.users["owner"])
    assert client.get("/api/v1/orgs/acme/members/%00/").status_code == 404
    assert (
        client.patch(
            "/api/v1/orgs/acme/roles/%00/", "{}", content_type="application/json"
        ).status_code
        == 404
    )
    assert (
        client.post(
            "/api/v1/delegated-questions/%00/answer/", "{}", content_type="application/json"
        ).status_code
        == 404
    )
    response = client.get("/api/v1/orgs/acme/members/", {"user__email": "a\x00b"})
    assert response.status_code == 400
    assert response.json() == {"user__email": ["Null characters are not allowed."]}


# --- PATCH is a partial update ----------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/me/",
        "/api/v1/orgs/acme/",
        "/api/v1/orgs/acme/members/{member}/",
        "/api/v1/orgs/acme/roles/{role}/",
    ],
)
@pytest.mark.django_db
def test_patch_without_fields_changes_nothing_and_answers_200(client, alice, bob, acme, url):
    role = services.role_create(org=acme, name="Analyst", permissions=["org.view"], actor=alice)
    member = Membership.objects.get(org=acme, user=bob)
    client.force_login(alice)
    before = (acme.name, member.role_id, role.name, list(role.permissions))

    response = client.patch(
        url.format(member=member.pk, role=role.pk), "{}", content_type="application/json"
    )

    assert response.status_code == 200, response.content
    acme.refresh_from_db(), member.refresh_from_db(), role.refresh_from_db()
    assert (acme.name, member.role_id, role.name, list(role.permissions)) == before


@pytest.mark.django_db
def test_patch_with_a_subset_of_fields_changes_only_those(client, alice, acme):
    client.force_login(alice)
    role = services.role_create(org=acme, name="Analyst", permissions=["org.view"], actor=alice)
    response = client.patch(
        f"/api/v1/orgs/acme/roles/{role.pk}/", {"name": "Lead"}, content_type="application/json"
    )
    assert response.status_code == 200
    role.refresh_from_db()
    assert (role.name, role.permissions) == ("Lead", ["org.view"])


# --- personal endpoints refuse an organisation's key -------------------------------------------


@pytest.mark.parametrize(
    "method,url",
    [
        ("get", "/api/v1/me/"),
        ("patch", "/api/v1/me/"),
        ("get", "/api/v1/notifications/"),
        ("post", "/api/v1/notifications/read-all/"),
        ("get", "/api/v1/delegated-questions/"),
        ("get", "/api/v1/audit-log/"),
    ],
)
@pytest.mark.django_db
def test_personal_and_platform_endpoints_refuse_an_org_key_even_read_write(
    client, staff, acme, method, url
):
    Membership.objects.create(org=acme, user=staff, role=OrgRole.objects.get(org=acme, key="admin"))
    _, raw = services.api_key_create(org=acme, name="RW", scope="read_write", created_by=staff)
    title = staff.title

    response = _send(
        client, method, url, json.dumps({"title": "Pwned"}), HTTP_AUTHORIZATION=f"Api-Key {raw}"
    )

    assert response.status_code == 403
    staff.refresh_from_db()
    assert staff.title == title


# --- events by role ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona,sees_invitation,sees_key",
    [
        ("viewer", False, False),
        ("member", False, False),
        ("admin", True, True),
        ("owner", True, True),
        ("staff", False, False),
    ],
)
@pytest.mark.django_db
def test_the_events_api_shows_each_role_only_what_it_may_read(
    client, world, persona, sees_invitation, sees_key
):
    client.force_login(world.users[persona])

    body = client.get("/api/v1/orgs/acme/events/", {"page_size": 200}).json()

    types = {event["event_type"] for event in body["results"]}
    assert ("org.invitation_sent" in types) is sees_invitation
    assert ("api_key.created" in types) is sees_key
    assert "org.created" in types
    assert ("pending@acme.test" in json.dumps(body)) is sees_invitation


@pytest.mark.django_db
def test_an_invitation_event_is_404_for_a_viewer_by_id(client, world):
    event = Event.objects.get(org=world.acme, event_type="org.invitation_sent")
    client.force_login(world.users["viewer"])
    assert client.get(f"/api/v1/orgs/acme/events/{event.pk}/").status_code == 404


@pytest.mark.django_db
def test_a_member_sees_their_own_score_event_but_not_a_colleagues(client, world):
    from events.services import event_record

    mine = event_record(
        event_type="assessment.scored", source="t", user=world.users["member"], org=world.acme
    )
    theirs = event_record(
        event_type="assessment.scored", source="t", user=world.users["owner"], org=world.acme
    )
    unknown = event_record(event_type="brand.new_type", source="t", org=world.acme)
    client.force_login(world.users["member"])

    ids = {
        e["id"]
        for e in client.get("/api/v1/orgs/acme/events/", {"page_size": 200}).json()["results"]
    }

    assert str(mine.pk) in ids and str(theirs.pk) not in ids and str(unknown.pk) not in ids


# --- the OpenAPI schema -----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_openapi_schema_generates_without_a_warning(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))
    schema = (tmp_path / "s.yml").read_text()
    assert "ApiKey:" in schema and "DelegationStatusEnum" in schema
