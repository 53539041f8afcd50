import json

from django.contrib import admin
from django.http import HttpResponse, StreamingHttpResponse

from config.admin_tools import auto_admin
from config.csv_safe import csv_writer
from events.audit import AuditReadsAdminMixin
from events.models import AuditLog, Event

admin.site.register(
    Event,
    auto_admin(
        Event,
        read_only=True,
        list_display=("event_type", "user", "org", "source", "created_at", "dispatched_at"),
        list_filter=("event_type", "source"),
        search_fields=("event_type", "user__email", "org__name"),
    ),
)

# django-auditlog registers its own admin for the log entry model; ours replaces it.
if admin.site.is_registered(AuditLog):
    admin.site.unregister(AuditLog)

CSV_COLUMNS = (
    "id",
    "timestamp",
    "operation",
    "table_name",
    "record_id",
    "actor_id",
    "ip_address",
    "user_agent",
    "session_id",
    "old_values",
    "new_values",
)


def _json(values) -> str:
    return "" if values is None else json.dumps(values, sort_keys=True, default=str)


class _Echo:
    def write(self, value):
        return value


@admin.register(AuditLog)
class AuditLogAdmin(AuditReadsAdminMixin, admin.ModelAdmin):
    """The audit viewer: staff filter by table, user, operation, record and date; export CSV."""

    list_display = ("timestamp", "operation", "table_name", "record_id", "actor", "remote_addr")
    list_filter = ("operation", "table_name", ("timestamp", admin.DateFieldListFilter))
    list_select_related = ("actor",)
    search_fields = ("=record_id", "actor__email", "table_name", "=object_pk")
    date_hierarchy = "timestamp"
    show_full_result_count = False
    actions = ["export_csv"]
    readonly_fields = (
        "timestamp",
        "operation",
        "table_name",
        "record_id",
        "actor",
        "remote_addr",
        "user_agent",
        "session_id",
        "old_values",
        "new_values",
        "object_repr",
        "content_type",
        "object_pk",
    )
    fields = readonly_fields

    def has_add_permission(self, request) -> bool:
        return False  # written by the system only

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        user = request.GET.get("actor__u_id__exact")
        return qs.filter(actor_id=user) if user else qs

    @admin.action(description="Export selected entries as CSV")
    def export_csv(self, request, queryset) -> HttpResponse:
        writer = csv_writer(_Echo())

        def rows():
            yield writer.writerow(CSV_COLUMNS)
            for entry in queryset.order_by("timestamp").iterator(chunk_size=2000):
                yield writer.writerow(
                    [
                        entry.pk,
                        entry.timestamp.isoformat(),
                        entry.operation,
                        entry.table_name,
                        entry.record_id or "",
                        entry.actor_id or "",
                        entry.remote_addr or "",
                        entry.user_agent,
                        entry.session_id or "",
                        _json(entry.old_values),
                        _json(entry.new_values),
                    ]
                )

        response = StreamingHttpResponse(rows(), content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="audit_log.csv"'
        return response
