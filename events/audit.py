"""How an audit entry fills the seed's audit_log columns, with secrets masked."""

from __future__ import annotations

import uuid

MASK = "***"
# Values of these fields never reach the audit log in clear.
SECRET_FIELDS = {"password", "token_hash", "key_hash", "sso_config", "secret", "api_key", "token"}


def is_secret(field: str) -> bool:
    lowered = field.lower()
    return lowered in SECRET_FIELDS or lowered.endswith(("_secret", "_token", "_password"))


def mask_changes(changes: dict | None) -> dict | None:
    if not isinstance(changes, dict):
        return changes
    return {
        field: ([MASK, MASK] if is_secret(field) else value) for field, value in changes.items()
    }


def _as_uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


def fill_seed_columns(entry) -> None:
    from events.models import ACTION_TO_OPERATION

    entry.operation = ACTION_TO_OPERATION[entry.action]
    if entry.content_type_id and not entry.table_name:
        model = entry.content_type.model_class()
        entry.table_name = model._meta.db_table if model else entry.content_type.model
    entry.record_id = entry.record_id or _as_uuid(entry.object_pk)
    entry.changes = mask_changes(entry.changes)
    if isinstance(entry.changes, dict) and entry.old_values is None and entry.new_values is None:
        pairs = {
            k: v for k, v in entry.changes.items() if isinstance(v, list | tuple) and len(v) == 2
        }
        if entry.operation != "INSERT":
            entry.old_values = {field: old for field, (old, _new) in pairs.items()}
        if entry.operation != "DELETE":
            entry.new_values = {field: new for field, (_old, new) in pairs.items()}
    if entry.serialized_data:
        entry.serialized_data = _mask_serialized(entry.serialized_data)


def _mask_serialized(data):
    if isinstance(data, dict) and isinstance(data.get("fields"), dict):
        data["fields"] = {k: (MASK if is_secret(k) else v) for k, v in data["fields"].items()}
    return data


def session_uuid(request) -> uuid.UUID | None:
    """audit_log.session_id is a uuid; Django's session key is not, so derive a stable one."""
    session = getattr(request, "session", None)
    key = getattr(session, "session_key", None)
    return uuid.uuid5(uuid.NAMESPACE_URL, f"session:{key}") if key else None


def set_audit_actor(user) -> None:
    """Name the actor once authentication happens after the middleware (API keys)."""
    from auditlog.context import auditlog_value

    try:
        context = auditlog_value.get()
    except LookupError:
        return
    context["actor"] = user


def audit_read(instance, *, actor=None) -> None:
    """Record a SELECT: a read of a sensitive record (audit entries, others' profiles, billing)."""
    from events.models import AuditLog

    entry = AuditLog.objects.log_create(
        instance, force_log=True, action=AuditLog.Action.ACCESS, changes={}
    )
    if entry is not None and actor is not None and entry.actor_id is None:
        entry.actor = actor
        entry.save(update_fields=["actor"])


class AuditReadsAdminMixin:
    """Admin change pages of sensitive records leave a SELECT row (who looked, when, from where)."""

    def audit_this_read(self, request, obj) -> bool:
        return True

    def change_view(self, request, object_id, form_url="", extra_context=None):
        from django.contrib.admin.utils import unquote

        response = super().change_view(request, object_id, form_url, extra_context)
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and request.method == "GET" and self.audit_this_read(request, obj):
            audit_read(obj, actor=request.user)
        return response


# --- Bulk writes --------------------------------------------------------------------------------
# auditlog is signal-based: QuerySet.update(), bulk_create() and bulk_update() send no signal and
# so leave no audit row. Code writing an audited model in bulk goes through these two helpers,
# which write the audit rows themselves, in one INSERT per batch (events/tests/test_audit.py
# guards it).

AUDIT_INSERT_BATCH = 1000

# Models that are not audited at all, each with the reason. Every other model of the business
# apps (events.apps.AUDITED_APPS) is; events/tests/test_audit.py checks that each model is one or
# the other. They are high-churn rows that record activity rather than hold what a user decided,
# or rows derived from an event that is itself the record.
AUDIT_EXEMPT: dict[str, str] = {
    "events.AuditLog": "the audit log itself (auditing it would recurse)",
    "events.Event": "the domain-event log and outbox: it is itself the record of actions",
    "notifications.Notification": (
        "derived from an event (the record of its cause) and fanned out in bulk, up to 100,000 "
        "rows per event; read/unread flips are the user's own inbox state"
    ),
    "teams.TeamPresence": "presence: rewritten on every heartbeat of every open page",
    "accounts.WebsocketConnection": "connections: one row per open real-time socket",
    "accounts.UserAnalytics": "analytics: daily activity counters, bumped on every action",
    "accounts.UserAction": "analytics event log: one row per product action, itself a log",
    "accounts.UserActivity": "legacy activity log (seed §15): itself a log, never edited",
    "assessments.AssessmentAnalytics": "analytics events of the assessment wizards (funnel)",
    "dashboards.DashboardAnalytics": "analytics events of dashboard widgets (views, clicks)",
    "teams.TeamAnalytics": "analytics: a team's computed daily engagement figures",
    "intelligence.AiAnalytics": "analytics: one row per AI provider call (usage and cost)",
    "intelligence.AiLog": "legacy AI request log (seed §10.2): itself a log",
    "dashboards.DashboardWidgetData": "widget cache: recomputed data, thrown away on expiry",
    "dashboards.DashboardEvent": "feed items: the dashboard timeline, written from events",
    "teams.TeamActivityLog": "feed items: the team feed, itself a record of what happened",
    "intelligence.RealtimeEvent": "feed items: events pushed to connected clients",
    "intelligence.BusinessNewsTicker": "feed items: the news ticker, refreshed from sources",
    "intelligence.RealtimeMarketTrend": "feed items: ingested from sources in bulk, per fetch",
    "intelligence.RealtimeBusinessTrend": "feed items: ingested from sources in bulk, per fetch",
    "intelligence.RealtimeStrategicTrend": "feed items: ingested from sources in bulk, per fetch",
    "intelligence.RealtimeMarketingPlaybook": "feed items: ingested from sources in bulk",
    "intelligence.GrowthSimulationLog": "a log of each simulation step, for support",
    "intelligence.GrowthStudioAuditLog": "the growth studio's own activity log",
}


def is_audited(model) -> bool:
    from auditlog.registry import auditlog

    return auditlog.contains(model)


def _audit_disabled() -> bool:
    from auditlog.context import auditlog_disabled

    return bool(auditlog_disabled.get())


def _context_applier():
    """What auditlog's pre_save receiver would copy onto each entry (actor, IP, UA, session),
    evaluated once for the whole batch."""
    from auditlog.context import auditlog_value
    from django.contrib.auth import get_user_model

    from events.models import AuditLog

    try:
        context = auditlog_value.get()
    except LookupError:
        context = {}
    actor = context.get("actor")
    if not isinstance(actor, get_user_model()):
        actor = None
    extra = {
        key: (value() if callable(value) else value)
        for key, value in context.items()
        if key != "actor" and hasattr(AuditLog, key)
    }

    def apply(entry) -> None:
        if actor is not None and entry.actor_id is None:
            entry.actor = actor
            entry.actor_email = getattr(actor, "email", None)
        for key, value in extra.items():
            setattr(entry, key, value)

    return apply


def _entries(model, pairs, action) -> list:
    """One AuditLog per (old, new) pair that changed, filled as a saved entry would be."""
    from auditlog.cid import get_cid
    from auditlog.diff import model_instance_diff
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.utils.encoding import smart_str

    from events.models import AuditLog

    content_type = ContentType.objects.get_for_model(model)
    apply_context, cid = _context_applier(), get_cid()
    entries = []
    for old, new, fields in pairs:
        instance = new if new is not None else old
        changes = model_instance_diff(
            old,
            new,
            fields_to_check=fields,
            use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES,
        )
        if not changes:
            continue
        entry = AuditLog(
            content_type=content_type,
            object_pk=smart_str(instance.pk),
            object_id=instance.pk if isinstance(instance.pk, int) else None,
            object_repr=smart_str(instance),
            serialized_data=AuditLog.objects._get_serialized_data_or_none(instance),
            action=action,
            changes=changes,
            cid=cid,
        )
        get_additional_data = getattr(instance, "get_additional_data", None)
        if callable(get_additional_data):
            entry.additional_data = get_additional_data()
        apply_context(entry)
        fill_seed_columns(entry)
        entries.append(entry)
    return entries


def _write_entries(entries: list) -> None:
    from events.models import AuditLog

    if entries:
        AuditLog.objects.bulk_create(entries, batch_size=AUDIT_INSERT_BATCH)


def audited_update(queryset, **values) -> int:
    """`queryset.update(**values)` that leaves one UPDATE audit row per changed record.

    The rows are locked and read first (their old values), updated by primary key, and their
    audit rows written in one INSERT per batch with the actor, IP, user agent and session of the
    request (or task) context. Returns the number of rows updated, as update() does.
    """
    from django.db import transaction

    from events.models import AuditLog

    model = queryset.model
    if not is_audited(model) or _audit_disabled():
        return queryset.update(**values)
    with transaction.atomic(using=queryset.db):
        old_rows = list(queryset.select_for_update(of=("self",)))
        if not old_rows:
            return 0
        pks = [row.pk for row in old_rows]
        updated = model._base_manager.using(queryset.db).filter(pk__in=pks).update(**values)
        fields = list(values)
        if any(hasattr(value, "resolve_expression") for value in values.values()):
            # F(), Now(), Case…: the database computed the new values; read them back.
            fresh = model._base_manager.using(queryset.db).in_bulk(pks)
            pairs = [(old, fresh.get(old.pk), fields) for old in old_rows]
            pairs = [(old, new, f) for old, new, f in pairs if new is not None]
        else:
            pairs = [(old, _with_values(old, values), fields) for old in old_rows]
        _write_entries(_entries(model, pairs, AuditLog.Action.UPDATE))
    return updated


def _with_values(instance, values: dict):
    import copy

    new = copy.copy(instance)  # Django copies _state and its cache, so `instance` stays as read
    for name, value in values.items():
        setattr(new, name, value)
    return new


def audited_bulk_create(model, objs, *, batch_size: int | None = None, ignore_conflicts=False):
    """`model.objects.bulk_create(objs)` that leaves one INSERT audit row per created record,
    written in one INSERT per batch. Returns the objects actually created: with
    `ignore_conflicts`, those the database skipped (already there) are left out, which needs
    primary keys made in Python (uuid defaults)."""
    from django.db import transaction

    from events.models import AuditLog

    objs = list(objs)
    if not objs:
        return []
    audited = is_audited(model) and not _audit_disabled()
    with transaction.atomic(using=model.objects.db):
        model.objects.bulk_create(objs, batch_size=batch_size, ignore_conflicts=ignore_conflicts)
        if ignore_conflicts:
            if any(obj.pk is None for obj in objs):
                raise ValueError("ignore_conflicts needs primary keys set before the insert.")
            kept = set(
                model._base_manager.filter(pk__in=[obj.pk for obj in objs]).values_list(
                    "pk", flat=True
                )
            )
            objs = [obj for obj in objs if obj.pk in kept]
        if audited:
            pairs = [(None, obj, None) for obj in objs]
            _write_entries(_entries(model, pairs, AuditLog.Action.CREATE))
    return objs
