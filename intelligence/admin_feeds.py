"""The admin of the feeds: sources (with their fetch state; failing ones stand out, with their
last error, and can be filtered), the industry keyword rules, and above the sources' list a small
chart of the last 24 hours (items stored and failed fetches per hour, server-rendered SVG).
Imported by intelligence/admin.py."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import models
from django.utils.html import format_html, format_html_join

from intelligence import ingest
from intelligence.models import FeedSource, IndustryKeywordRule

STATUS_COLOURS = {
    FeedSource.Status.OK: "#1a7f37",
    FeedSource.Status.NOT_MODIFIED: "#1a7f37",
    FeedSource.Status.NEW: "#57606a",
    FeedSource.Status.FAILING: "#cf222e",
}
CHART_WIDTH, CHART_HEIGHT, BAR_GAP = 480, 80, 2


def hourly_chart_svg(series: list[dict]) -> str:
    """Bars of new items per hour (green) with failed fetches (red) on top, and a title for
    screen readers; pure SVG, no script."""
    peak = max([row["new"] + row["failures"] for row in series] + [1])
    width = CHART_WIDTH / max(len(series), 1)
    bars = []
    for index, row in enumerate(series):
        x = index * width
        new_h = CHART_HEIGHT * row["new"] / peak
        fail_h = CHART_HEIGHT * row["failures"] / peak
        label = f"{row['hour']:%H}:00 — {row['new']} new, {row['failures']} failed"
        bars.append(
            (
                f"{x:.1f}",
                f"{CHART_HEIGHT - new_h:.1f}",
                f"{width - BAR_GAP:.1f}",
                f"{new_h:.1f}",
                f"{CHART_HEIGHT - new_h - fail_h:.1f}",
                f"{fail_h:.1f}",
                label,
            )
        )
    body = format_html_join(
        "",
        '<g><title>{6}</title><rect x="{0}" y="{1}" width="{2}" height="{3}" fill="#2da44e"/>'
        '<rect x="{0}" y="{4}" width="{2}" height="{5}" fill="#cf222e"/></g>',
        bars,
    )
    total_new = sum(row["new"] for row in series)
    total_failed = sum(row["failures"] for row in series)
    return format_html(
        '<svg role="img" width="{}" height="{}" viewBox="0 0 {} {}" '
        'aria-label="Last 24 hours: {} items stored, {} failed fetches">{}</svg>'
        "<p>Last 24 hours, per hour: {} items stored (green), {} failed fetches (red).</p>",
        CHART_WIDTH,
        CHART_HEIGHT,
        CHART_WIDTH,
        CHART_HEIGHT,
        total_new,
        total_failed,
        body,
        total_new,
        total_failed,
    )


@admin.register(FeedSource)
class FeedSourceAdmin(admin.ModelAdmin):
    # A URL typed without a scheme is taken as https (Django 6's default, said explicitly now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = (
        "name",
        "target",
        "status_badge",
        "consecutive_failures",
        "last_fetched_at",
        "next_fetch_at",
        "error_excerpt",
        "enabled",
    )
    list_filter = ("status", "target", "kind", "enabled")
    search_fields = ("name", "url", "last_error")
    ordering = ("-consecutive_failures", "name")
    show_full_result_count = False
    readonly_fields = (
        "status",
        "etag",
        "last_modified",
        "last_fetched_at",
        "last_success_at",
        "last_error",
        "consecutive_failures",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("name", "url", "kind", "target", "industries", "enabled")}),
        ("Schedule", {"fields": ("refresh_minutes", "next_fetch_at")}),
        ("Last fetch", {"fields": readonly_fields}),
    )
    actions = ("fetch_now",)
    change_list_template = "admin/intelligence/feedsource/change_list.html"

    @admin.display(description="status", ordering="status")
    def status_badge(self, obj: FeedSource) -> str:
        return format_html(
            '<strong style="color:{}">{}</strong>',
            STATUS_COLOURS.get(obj.status, "#57606a"),
            obj.get_status_display(),
        )

    @admin.display(description="last error")
    def error_excerpt(self, obj: FeedSource) -> str:
        return obj.last_error[:120] + ("…" if len(obj.last_error) > 120 else "")

    @admin.action(description="Fetch the selected sources now")
    def fetch_now(self, request, queryset):
        for source in queryset:
            outcome = ingest.feed_source_fetch_unscoped(source_id=source.pk, force=True)
            level = messages.ERROR if outcome.status == "failing" else messages.SUCCESS
            self.message_user(
                request,
                f"{source.name}: {outcome.status}, {outcome.new} new {outcome.error}",
                level,
            )

    def changelist_view(self, request, extra_context=None):
        chart = hourly_chart_svg(ingest.ingestion_hourly_unscoped())
        extra_context = {**(extra_context or {}), "ingestion_chart": chart}
        return super().changelist_view(request, extra_context=extra_context)


@admin.register(IndustryKeywordRule)
class IndustryKeywordRuleAdmin(admin.ModelAdmin):
    list_display = ("keyword", "industry", "enabled", "created_at")
    list_filter = ("enabled", "industry")
    search_fields = ("keyword", "industry")
    show_full_result_count = False
