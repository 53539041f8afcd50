"""The audit helpers moved to events.audit (events is the floor every app can import)."""

# shim: remove once assessments, billing, orgs and scoring import events
from events.audit import (  # noqa: F401
    AUDIT_EXEMPT,
    AuditReadsAdminMixin,
    audit_read,
    audited_bulk_create,
    audited_update,
    set_audit_actor,
)
