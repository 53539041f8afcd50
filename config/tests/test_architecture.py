"""Gate: the shape of the code (docs/architecture.md), checked on its source and its URLconf.

(a) views and API modules hold no `.objects.` (reads live in selectors, writes in services);
(b) no module of ours passes 600 lines (split it into a package);
(c) the apps import one another downward only, along the floors, and without a cycle;
(d) code that reads across organisations says so: a function that opens `tenancy.unscoped()` or
    uses `objects_unscoped` is named `*_unscoped` (entry points listed, with reasons);
(e) every API view derives from `config.api.ScopedAPIMixin`, and every portal view under
    `<org_slug>` is an `orgs.decorators.org_view` (exceptions listed, with reasons);
(f) the scoping methods of the API bases are final: a subclass defining one fails at import.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(settings.BASE_DIR)

# The floors, bottom first: an app may import only apps on lower floors.
FLOORS: list[set[str]] = [
    {"config"},
    {"events"},
    {"accounts"},
    {"orgs"},
    {"billing"},
    {"notifications"},
    {"scoring"},
    {"assessments"},
    {"intelligence", "teams", "dashboards"},
    {"demo"},
]
FLOOR = {app: level for level, apps in enumerate(FLOORS) for app in apps}
APPS = sorted(FLOOR)

# The URL roots wire every app together: they may import anything.
URL_ROOTS = {"config/urls.py", "config/api_urls.py"}

MAX_LINES = 600


def _is_test_or_migration(path: Path) -> bool:
    rel = path.relative_to(ROOT)
    parts = rel.parts
    return (
        "tests" in parts
        or "migrations" in parts
        or "auditlog_migrations" in parts
        or parts[:2] == ("config", "testing")  # test harnesses (config/testing/)
        or rel.name == "conftest.py"
        or rel.name.startswith("test_")
    )


def our_modules() -> list[Path]:
    """Every non-test, non-migration Python module of our apps."""
    found = []
    for app in APPS:
        if not (ROOT / app).is_dir():
            continue
        found += [p for p in sorted((ROOT / app).rglob("*.py")) if not _is_test_or_migration(p)]
    return found


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(), filename=str(path))


MODULES = our_modules()


# (a) No `.objects.` in views and API modules.


def _is_view_or_api(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    return path.name == "views.py" or "views" in parts[:-1] or "api" in parts[:-1]


def test_views_and_api_modules_read_through_selectors():
    offenders = []
    for path in filter(_is_view_or_api, MODULES):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            code = line.split("#", 1)[0]
            if ".objects." in code:
                offenders.append(f"{_rel(path)}:{number}: {line.strip()}")
    assert offenders == [], "move these reads into selectors:\n" + "\n".join(offenders)


# (b) No module over 600 lines.


def test_no_module_is_over_600_lines():
    long = [
        f"{_rel(p)}: {n} lines"
        for p in MODULES
        if (n := len(p.read_text().splitlines())) > MAX_LINES
    ]
    assert long == [], "split these modules into packages:\n" + "\n".join(long)


# (c) The import graph.


def _imported_apps(tree: ast.Module) -> list[tuple[str, int]]:
    """(app, line) of every absolute import of one of our apps, at any depth."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in FLOOR:
                found.append((top, node.lineno))
    return found


def import_edges() -> dict[tuple[str, str], list[str]]:
    """(importer, imported) → the places (file:line) of each cross-app import."""
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in MODULES:
        rel = _rel(path)
        if rel in URL_ROOTS:
            continue
        source = rel.split("/")[0]
        for target, line in _imported_apps(_tree(path)):
            if target != source:
                edges[(source, target)].append(f"{rel}:{line}")
    return edges


def _tangles(edges) -> list[list[str]]:
    """The strongly connected components of more than one app (Tarjan): each holds a cycle."""
    graph = defaultdict(set)
    for source, target in edges:
        graph[source].add(target)
    index, low, on_stack, stack, found = {}, {}, set(), [], []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component, key=FLOOR.get))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_apps_import_each_other_without_a_cycle():
    edges = import_edges()
    tangles = _tangles(edges)
    report = []
    for component in tangles:
        report.append("cycle among " + ", ".join(component) + "; its upward imports:")
        report += [
            f"    {source} -> {target}: {place}"
            for (source, target), places in sorted(edges.items())
            if source in component and target in component and FLOOR[target] >= FLOOR[source]
            for place in places
        ]
    assert tangles == [], "import cycles between apps:\n" + "\n".join(report)


def test_every_import_goes_down_the_floors():
    upward = [
        f"{source} (floor {FLOOR[source]}) -> {target} (floor {FLOOR[target]}): {place}"
        for (source, target), places in sorted(import_edges().items())
        if FLOOR[target] >= FLOOR[source]
        for place in places
    ]
    floors = " < ".join("{" + ",".join(sorted(f)) + "}" for f in FLOORS)
    assert upward == [], (
        f"a lower floor imports a higher one (or a neighbour on its own floor); floors: {floors}\n"
        + "\n".join(upward)
    )


# (d) Cross-organisation reads say so in their name.

# Entry points and places that run unscoped by their nature.
UNSCOPED_ALLOWED = {
    "admin.py": "the Django admin runs unscoped: platform staff read every organisation",
    "migrations/": "migrations see every row",
    "management/commands/": "commands run unscoped (config.commands.UnscopedCommand)",
    "demo/": "the demo loader builds every organisation",
    "config/tenancy.py": "defines unscoped() and the unscoped manager",
    "config/commands.py": "the commands' entry point",
    "config/celery.py": "the tasks' entry point (ScopedTask runs sweeps unscoped)",
    "orgs/middleware.py": "the portal's entry point (the admin runs unscoped)",
}


def _allowed_unscoped(rel: str) -> bool:
    return any(rel == key or rel.startswith(key) or f"/{key}" in rel for key in UNSCOPED_ALLOWED)


def _unscoped_uses(node: ast.AST) -> list[int]:
    """Lines where `node` itself (not a nested function) opens unscoped() or uses
    objects_unscoped."""
    lines = []
    stack = list(ast.iter_child_nodes(node))
    while stack:
        child = stack.pop()
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        if isinstance(child, ast.Call):
            func = child.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("unscoped", "scopes_disabled"):
                lines.append(child.lineno)
        if isinstance(child, ast.Attribute) and child.attr == "objects_unscoped":
            lines.append(child.lineno)
        stack.extend(ast.iter_child_nodes(child))
    return lines


def test_cross_organisation_reads_are_named_unscoped():
    offenders = []
    for path in MODULES:
        rel = _rel(path)
        if _allowed_unscoped(rel):
            continue
        tree = _tree(path)
        for line in _unscoped_uses(tree):
            offenders.append(f"{rel}:{line}: at module level")
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                if isinstance(node, ast.ClassDef):
                    where = [f"{rel}:{line}: in class {node.name}" for line in _unscoped_uses(node)]
                elif node.name.endswith("_unscoped"):
                    continue
                else:
                    where = [f"{rel}:{line}: {node.name}()" for line in _unscoped_uses(node)]
                offenders += where
    assert offenders == [], (
        "these read across organisations: name the function *_unscoped\n" + "\n".join(offenders)
    )


# (e) Every API view is scoped; every org page is an org_view.

# API routes that are not ScopedAPIMixin views, with the reason.
API_NOT_SCOPED = {
    "api-schema": "drf-spectacular's OpenAPI schema: no data",
    "api-docs": "drf-spectacular's Swagger UI: no data",
}
# Portal routes under <org_slug> that are not org_view, with the reason.
ORG_PAGES_NOT_ORG_VIEW: dict[str, str] = {}


def _url_patterns(patterns=None, prefix="", namespace=None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield prefix + str(pattern.pattern), name, pattern.callback


def _view_class(callback):
    return getattr(callback, "cls", None) or getattr(callback, "view_class", None)


def test_every_api_view_derives_from_scoped_api_mixin():
    from config.api import ScopedAPIMixin

    offenders = []
    for path, name, callback in _url_patterns():
        if not path.startswith("api/") or name in API_NOT_SCOPED:
            continue
        cls = _view_class(callback)
        if cls is None or not issubclass(cls, ScopedAPIMixin):
            offenders.append(f"{name} ({path}): {getattr(cls, '__qualname__', callback)}")
    assert offenders == [], "derive these from config.api.ScopedAPIMixin:\n" + "\n".join(offenders)


def test_every_org_page_is_an_org_view():
    offenders = []
    for path, name, callback in _url_patterns():
        if path.startswith(("api/", "admin/")) or "<slug:org_slug>" not in path:
            continue
        if name in ORG_PAGES_NOT_ORG_VIEW or getattr(callback, "org_view", None) is not None:
            continue
        offenders.append(f"{name} ({path}): {callback.__module__}.{callback.__qualname__}")
    assert offenders == [], "wrap these views with orgs.decorators.org_view:\n" + "\n".join(
        offenders
    )


def test_the_exception_lists_name_routes_that_exist():
    names = {name for _, name, _ in _url_patterns()}
    stale = sorted((set(API_NOT_SCOPED) | set(ORG_PAGES_NOT_ORG_VIEW)) - names)
    assert stale == []


# (f) The scoping methods are final.


@pytest.mark.parametrize(
    "method", ["get_queryset", "get_object", "open_scope", "check_permissions"]
)
def test_an_org_scoped_viewset_cannot_redefine_its_scoping(method):
    from orgs.api.base import OrgScopedViewSet

    with pytest.raises(TypeError, match=method):
        type("Sneaky", (OrgScopedViewSet,), {method: lambda self, *a, **k: None})


@pytest.mark.parametrize("method", ["initial", "finalize_response", "dispatch"])
def test_no_api_view_can_redefine_the_scope_entry(method):
    from rest_framework.views import APIView

    from config.api import ScopedAPIMixin
    from orgs.api.base import OrgScopedViewSet

    for base in (ScopedAPIMixin, OrgScopedViewSet):
        bases = (base, APIView) if base is ScopedAPIMixin else (base,)
        with pytest.raises(TypeError, match=method):
            type("Sneaky", bases, {method: lambda self, *a, **k: None})


def test_a_subclass_of_a_subclass_cannot_either():
    from orgs.api.base import OrgScopedViewSet

    class Legit(OrgScopedViewSet):
        def scoped_queryset(self, *, org):
            return None

    with pytest.raises(TypeError, match="get_queryset"):
        type("Sneaky", (Legit,), {"get_queryset": lambda self: None})
