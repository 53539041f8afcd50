"""Every model of the business apps is audited or exempt with a reason (events.audit.AUDIT_EXEMPT),
and no bulk write on an audited model skips the audit helpers: a scan of the source."""

from pathlib import Path

BULK_WRITES = {"update", "bulk_create", "bulk_update"}
MANAGERS = {"objects", "_base_manager", "_default_manager"}
QUERYSET_METHODS = {"filter", "exclude", "all", "select_for_update", "select_related", "order_by"}
REPO = Path(__file__).resolve().parent.parent.parent


def test_every_model_is_audited_or_exempt_with_a_reason():
    from auditlog.registry import auditlog
    from django.apps import apps

    from events.apps import AUDITED_APPS
    from events.audit import AUDIT_EXEMPT

    undecided, both = [], []
    for model in apps.get_models():
        label = model._meta.label
        if model._meta.app_label not in AUDITED_APPS:
            continue
        audited, exempt = auditlog.contains(model), label in AUDIT_EXEMPT
        if audited and exempt:
            both.append(label)
        elif not audited and not exempt:
            undecided.append(label)
    assert undecided == [] and both == []
    labels = {model._meta.label for model in apps.get_models()}
    assert set(AUDIT_EXEMPT) <= labels, set(AUDIT_EXEMPT) - labels
    assert all(reason.strip() for reason in AUDIT_EXEMPT.values())


def _bulk_writes_outside_the_helpers(source: str, models_by_name: dict) -> list[tuple[int, str]]:
    """(line, why) of each .update()/bulk_create()/bulk_update() that may write an audited model
    without events.audit's helpers. A call on `<Model>.objects…` is judged by the model;
    any other queryset-looking receiver (a variable, `type(x).objects`) is refused, so the safe
    way is always the helper."""
    import ast

    tree = ast.parse(source)
    dicts = {  # names bound to a dict somewhere in the module: their .update() is a dict's
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and (
            isinstance(node.value, ast.Dict | ast.DictComp)
            or (isinstance(node.value, ast.Call) and getattr(node.value.func, "id", "") == "dict")
        )
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    found = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in BULK_WRITES
        ):
            continue
        receiver, model_name, querysetish = node.func.value, None, False
        while isinstance(receiver, ast.Call | ast.Attribute):
            if isinstance(receiver, ast.Attribute) and receiver.attr in MANAGERS:
                querysetish = True
                model_name = receiver.value.id if isinstance(receiver.value, ast.Name) else None
                break
            if isinstance(receiver, ast.Call):
                if isinstance(receiver.func, ast.Attribute):
                    querysetish |= receiver.func.attr in QUERYSET_METHODS
                receiver = receiver.func
            else:
                receiver = receiver.value
        # dict.update(other) takes a positional mapping; QuerySet.update takes keywords only.
        if (
            node.func.attr == "update"
            and not querysetish
            and (
                node.args
                or not node.keywords
                or (isinstance(receiver, ast.Name) and receiver.id in dicts)
            )
        ):
            continue
        model = models_by_name.get(model_name)
        if model is not None and not _audited(model):
            continue
        found.append((node.lineno, f".{node.func.attr}() on {model_name or 'a queryset'}"))
    return found


def _audited(model) -> bool:
    from auditlog.registry import auditlog

    return auditlog.contains(model)


def _models_by_name() -> dict:
    from django.apps import apps

    return {model.__name__: model for model in apps.get_models()}


def test_no_bulk_write_on_an_audited_model_skips_the_audit_helpers():
    models_by_name = _models_by_name()
    offenders = []
    for path in sorted(REPO.rglob("*.py")):
        parts = set(path.relative_to(REPO).parts)
        if parts & {".venv", "migrations", "tests", "node_modules", "var", ".pgdata"}:
            continue
        if path.name == "conftest.py" or path.relative_to(REPO).as_posix() == "events/audit.py":
            continue
        for line, why in _bulk_writes_outside_the_helpers(path.read_text(), models_by_name):
            offenders.append(f"{path.relative_to(REPO)}:{line}: {why}")
    assert offenders == [], "use events.audit.audited_update / audited_bulk_create"


def test_the_scan_catches_the_shapes_a_bulk_write_takes():
    models_by_name = _models_by_name()
    source = (
        "QuestionDelegation.objects.filter(x=1).update(status='revoked')\n"
        "rows = AssessmentDelegation.objects.filter(x=1)\nrows.update(status='done')\n"
        "type(attempt).objects.filter(pk=1).update(answers={})\n"
        "ScorecardInsight.objects.bulk_create(rows)\n"
        "model.objects.bulk_update(rows, ['status'])\n"
        "Notification.objects.bulk_create(rows)\n"  # exempt: allowed
        "answers.update(posted)\n"  # a dict: allowed
        "attrs = {}\nattrs.update(a=1)\n"  # a dict: allowed
    )
    lines = [line for line, _ in _bulk_writes_outside_the_helpers(source, models_by_name)]
    assert lines == [1, 3, 4, 5, 6]
