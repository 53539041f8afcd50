from django.contrib import admin

from scoring import models


@admin.register(models.AssessmentScoringResult)
class AssessmentScoringResultAdmin(admin.ModelAdmin):
    list_display = ("id", "assessment_type", "score", "bracket", "confidence", "user", "org")
    list_filter = ("assessment_type", "bracket")
    list_select_related = ("user", "org")
    search_fields = ("id", "user__email", "org__name", "description")
    autocomplete_fields = ("user", "org")
    readonly_fields = ("id", "created_at", "updated_at")
    ordering = ("-created_at",)
    show_full_result_count = False


class ScoreAdmin(admin.ModelAdmin):
    list_display = ("id", "gmf_score", "bracket_key", "version", "user", "org", "created_at")
    list_filter = ("bracket_key", "version")
    list_select_related = ("user", "org")
    search_fields = ("id", "user__email", "org__name")
    autocomplete_fields = ("user", "org", "result")
    readonly_fields = ("id", "created_at")
    ordering = ("-created_at",)
    show_full_result_count = False


for _model in models.SCORE_MODELS.values():
    admin.site.register(_model, ScoreAdmin)


@admin.register(models.ScorecardInsight)
class ScorecardInsightAdmin(admin.ModelAdmin):
    list_display = ("title", "assessment_type", "category", "priority", "user", "org")
    list_filter = ("assessment_type", "priority")
    list_select_related = ("user", "org")
    search_fields = ("title", "insight", "user__email", "org__name")
    autocomplete_fields = ("user", "org", "result")
    readonly_fields = ("id", "created_at", "updated_at")
    ordering = ("-created_at",)
    show_full_result_count = False
