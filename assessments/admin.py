from django import forms
from django.contrib import admin

from assessments import models
from assessments.selectors import template_attempt_count
from events.audit import audited_update
from scoring.engine import template_errors


class BaseAdmin(admin.ModelAdmin):
    readonly_fields = ("id", "created_at", "updated_at")
    ordering = ("-created_at",)
    show_full_result_count = False


class LegacyReadOnlyAdmin(admin.ModelAdmin):
    """Legacy tables (seed §15) are shown, never written from the admin."""

    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.OnboardingAssessment)
class OnboardingAssessmentAdmin(BaseAdmin):
    list_display = ("o_id", "user", "org", "status", "tech_maturity", "growth_pace", "created_at")
    list_filter = ("status", "tech_maturity", "funding_status", "growth_pace", "team_alignment")
    list_select_related = ("user", "org")
    search_fields = ("o_id", "user__email", "org__name", "business_overview")
    autocomplete_fields = ("user", "org")
    readonly_fields = ("o_id", "created_at", "updated_at")


class SpecialisedAssessmentForm(forms.ModelForm):
    """A staff edit of answers is checked like any other answer (services.answers_checked)."""

    def clean(self):
        from assessments.services.attempts import AnswersInvalid, answers_checked

        cleaned = super().clean()
        template = cleaned.get("template") or getattr(self.instance, "template", None)
        if template is not None and "answers" in cleaned:
            try:
                cleaned["answers"] = answers_checked(
                    questions=template.questions, answers=cleaned["answers"]
                )
            except AnswersInvalid as exc:
                self.add_error(
                    "answers", [f"{key}: {message}" for key, message in exc.field_errors.items()]
                )
        return cleaned


class SpecialisedAssessmentAdmin(BaseAdmin):
    form = SpecialisedAssessmentForm
    list_display = ("id", "user", "org", "status", "template_version", "submitted_at")
    list_filter = ("status", "template_version")
    list_select_related = ("user", "org")
    search_fields = ("id", "user__email", "org__name")
    autocomplete_fields = ("user", "org", "template")


for _model in models.SPECIALISED_MODELS.values():
    admin.site.register(_model, SpecialisedAssessmentAdmin)


@admin.register(models.AiAssessmentContext)
class AiAssessmentContextAdmin(BaseAdmin):
    list_display = ("id", "assessment_type", "user", "org", "model", "created_at")
    list_filter = ("assessment_type",)
    list_select_related = ("user", "org")
    search_fields = ("id", "user__email", "org__name", "summary")
    autocomplete_fields = ("user", "org")


class AssessmentTemplateForm(forms.ModelForm):
    """Staff edit a question bank as JSON; it must be scorable, and a version in use is frozen."""

    class Meta:
        model = models.AssessmentTemplate
        fields = (
            "assessment_type",
            "version",
            "title",
            "description",
            "questions",
            "rubric",
            "is_active",
        )

    def clean(self):
        cleaned = super().clean()
        questions, rubric = cleaned.get("questions"), cleaned.get("rubric")
        if questions is not None and rubric is not None:
            errors = template_errors(questions, rubric)
            if errors:
                raise forms.ValidationError([forms.ValidationError(e) for e in errors])
        instance = self.instance
        if instance.pk and not instance._state.adding:
            stored = models.AssessmentTemplate.objects.get(pk=instance.pk)
            changed = [
                name
                for name in ("questions", "rubric", "assessment_type", "version")
                if name in cleaned and cleaned[name] != getattr(stored, name)
            ]
            used = template_attempt_count(instance)
            if changed and used:
                raise forms.ValidationError(
                    f"Version {instance.version} has been used by {used} attempt(s), so its "
                    "questions and rubric are frozen: results must stay reproducible. Give a new "
                    "version number and use “Save as new”."
                )
        return cleaned


@admin.register(models.AssessmentTemplate)
class AssessmentTemplateAdmin(BaseAdmin):
    form = AssessmentTemplateForm
    save_as = True  # "Save as new": the way to publish a new version of a bank
    list_display = (
        "title",
        "assessment_type",
        "version",
        "is_active",
        "question_count",
        "updated_at",
    )
    list_filter = ("assessment_type", "is_active")
    search_fields = ("title", "version", "assessment_type")

    @admin.display(description="questions")
    def question_count(self, obj) -> int:
        return len(obj.questions or [])

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.is_active:  # one active version per type: new attempts use it
            audited_update(
                models.AssessmentTemplate.objects.filter(
                    assessment_type=obj.assessment_type, is_active=True
                ).exclude(pk=obj.pk),
                is_active=False,
            )


@admin.register(models.IntegrationTemplate)
class IntegrationTemplateAdmin(BaseAdmin):
    list_display = ("name", "provider", "category", "is_active", "updated_at")
    list_filter = ("provider", "category", "is_active")
    search_fields = ("name", "provider")


@admin.register(models.ReassessmentPrompt)
class ReassessmentPromptAdmin(BaseAdmin):
    list_display = ("id", "assessment_type", "status", "due_at", "user", "org")
    list_filter = ("assessment_type", "status")
    list_select_related = ("user", "org")
    search_fields = ("id", "user__email", "org__name", "prompt")
    autocomplete_fields = ("user", "org", "previous_result")


@admin.register(models.AssessmentInvitation)
class AssessmentInvitationAdmin(BaseAdmin):
    list_display = ("email", "assessment_type", "status", "org", "invited_by", "expires_at")
    list_filter = ("assessment_type", "status")
    list_select_related = ("org", "invited_by")
    search_fields = ("email", "org__name")
    autocomplete_fields = ("org", "invited_by", "accepted_by")
    readonly_fields = ("id", "token_hash", "created_at", "updated_at")


@admin.register(models.AssessmentAssignment)
class AssessmentAssignmentAdmin(BaseAdmin):
    list_display = ("id", "assessment_type", "status", "assignee", "org", "due_date")
    list_filter = ("assessment_type", "status")
    list_select_related = ("org", "assignee")
    search_fields = ("id", "assignee__email", "org__name")
    autocomplete_fields = ("org", "assigned_by", "assignee")


@admin.register(models.AssessmentDelegation)
class AssessmentDelegationAdmin(BaseAdmin):
    list_display = ("delegate_email", "assessment_type", "status", "owner", "org", "due_date")
    list_filter = ("assessment_type", "status")
    list_select_related = ("org", "owner")
    search_fields = ("delegate_email", "owner__email", "org__name")
    autocomplete_fields = ("org", "owner", "delegate")


@admin.register(models.QuestionDelegation)
class QuestionDelegationAdmin(BaseAdmin):
    list_display = ("question_key", "delegate_email", "assessment_type", "status", "org")
    list_filter = ("assessment_type", "status")
    list_select_related = ("org",)
    search_fields = ("question_key", "delegate_email", "owner__email", "org__name")
    autocomplete_fields = ("org", "owner", "delegate")


@admin.register(models.AssessmentSession)
class AssessmentSessionAdmin(BaseAdmin):
    list_display = ("id", "assessment_type", "current_step", "total_steps", "user", "org")
    list_filter = ("assessment_type",)
    list_select_related = ("user", "org")
    search_fields = ("id", "user__email", "org__name")
    autocomplete_fields = ("user", "org")


@admin.register(models.AssessmentInsight)
class AssessmentInsightAdmin(BaseAdmin):
    list_display = ("title", "assessment_type", "priority", "user", "org", "created_at")
    list_filter = ("assessment_type", "priority")
    list_select_related = ("user", "org")
    search_fields = ("title", "insight", "user__email", "org__name")
    autocomplete_fields = ("user", "org", "result")


@admin.register(models.AssessmentAnalytics)
class AssessmentAnalyticsAdmin(BaseAdmin):
    list_display = ("id", "assessment_type", "event_type", "step", "user", "org", "created_at")
    list_filter = ("assessment_type", "event_type")
    list_select_related = ("user", "org")
    search_fields = ("id", "user__email", "org__name")
    autocomplete_fields = ("user", "org")
    readonly_fields = ("id", "created_at")


@admin.register(models.StrategicPulse)
class StrategicPulseAdmin(BaseAdmin):
    list_display = ("title", "status", "org", "opens_at", "closes_at")
    list_filter = ("status",)
    list_select_related = ("org",)
    search_fields = ("title", "org__name")
    autocomplete_fields = ("org", "created_by")


@admin.register(models.PulseResponse)
class PulseResponseAdmin(BaseAdmin):
    list_display = ("id", "pulse", "respondent_email", "org", "submitted_at")
    list_select_related = ("pulse", "org")
    search_fields = ("respondent_email", "pulse__title", "org__name")
    autocomplete_fields = ("pulse", "org", "respondent")


@admin.register(models.PulseDelegation)
class PulseDelegationAdmin(BaseAdmin):
    list_display = ("delegate_email", "pulse", "status", "org", "due_date")
    list_filter = ("status",)
    list_select_related = ("pulse", "org")
    search_fields = ("delegate_email", "pulse__title", "org__name")
    autocomplete_fields = ("pulse", "org", "delegated_by", "delegate")


@admin.register(models.GrowthAssessment)
class GrowthAssessmentAdmin(LegacyReadOnlyAdmin):
    list_display = ("growth_user", "submittedat", "created_at", "updated_at")
    list_select_related = ("growth_user",)
    search_fields = ("growth_user__email", "obstacles", "strategy")
    ordering = ("-created_at",)


@admin.register(models.GrowthAssessmentHistory)
class GrowthAssessmentHistoryAdmin(LegacyReadOnlyAdmin):
    list_display = ("u_id", "operation", "archived_at", "submittedat")
    list_filter = ("operation",)
    search_fields = ("=u_id",)
    ordering = ("-archived_at",)
