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
    from notifications.models import ACTION_TO_OPERATION

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
    from notifications.models import AuditLog

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
