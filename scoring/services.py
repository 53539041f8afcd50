"""Writes of scoring data: scoring an attempt, recomputing a result, sharing one (a
django-guardian grant, given after org scoping)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import User
from notifications.audit import audited_bulk_create, audited_update
from notifications.services import event_record
from orgs.models import Membership
from scoring import engine
from scoring.choices import AssessmentType, Bracket, Priority
from scoring.insights import (
    InsightRequest,
    OfflineInsightsProvider,
    insights_generate,
    is_offline,
    provider_for_settings,
)
from scoring.models import SCORE_MODELS, AssessmentScoringResult, ScorecardInsight

VIEW_RESULT = "scoring.view_assessmentscoringresult"


@transaction.atomic
def result_share(*, result: AssessmentScoringResult, with_user: User, shared_by: User) -> None:
    """Share one result with a colleague of the same organisation."""
    if result.user_id != shared_by.pk:
        raise PermissionDenied("Only the person who took the assessment can share its result.")
    if not Membership.objects.filter(org_id=result.org_id, user=with_user).exists():
        raise ValidationError("Results can only be shared with members of the same organisation.")
    assign_perm(VIEW_RESULT, with_user, result)
    event_record(
        event_type="result.shared",
        source="scoring",
        user=shared_by,
        org=result.org,
        data={"result_id": str(result.pk), "with": with_user.email},
    )


@transaction.atomic
def result_unshare(*, result: AssessmentScoringResult, with_user: User, shared_by: User) -> None:
    if result.user_id != shared_by.pk:
        raise PermissionDenied("Only the person who took the assessment can stop sharing it.")
    remove_perm(VIEW_RESULT, with_user, result)


def _outcome_for(attempt, onboarding: dict) -> engine.Outcome:
    template = attempt.template
    return engine.score(template.questions, template.rubric, attempt.answers, onboarding=onboarding)


def result_link(result: AssessmentScoringResult) -> str:
    return reverse("assessments:result", args=[result.org.slug, result.pk]) if result.org else ""


@transaction.atomic
def result_create(*, attempt, onboarding: dict | None = None) -> AssessmentScoringResult:
    """Score a submitted attempt: the result, its score_* row, scorecard and assessment insights,
    the insight text, a reassessment prompt, and the assessment.scored event."""
    from assessments.models import AssessmentInsight, ReassessmentPrompt

    assessment_type = attempt._meta.db_table.removesuffix("_assessment")
    label = AssessmentType(assessment_type).label
    onboarding = onboarding or {}
    outcome = _outcome_for(attempt, onboarding)
    previous = (
        AssessmentScoringResult.objects.filter(
            user_id=attempt.user_id, org_id=attempt.org_id, assessment_type=assessment_type
        )
        .order_by("-created_at")
        .first()
    )
    result = AssessmentScoringResult.objects.create(
        user_id=attempt.user_id,
        org_id=attempt.org_id,
        assessment_type=assessment_type,
        score=outcome.score,
        bracket=outcome.bracket,
        description=outcome.description,
        recommendations=outcome.recommendations,
        next_steps=outcome.next_steps,
        confidence=outcome.confidence,
        category_scores=outcome.category_scores_json(),
        swot_analysis=outcome.swot,
        assessment_id=attempt.pk,
        template=attempt.template,
        rubric_version=outcome.rubric_version,
        created_at=attempt.submitted_at or timezone.now(),
    )
    # The offline text now, in this transaction; a remote provider is an HTTP call of up to
    # INSIGHTS_TIMEOUT_SECONDS, so it runs in a task after commit and replaces the text then.
    request = InsightRequest(
        assessment_type=assessment_type,
        assessment_label=label,
        outcome=outcome,
        questions=attempt.template.questions,
        answers=attempt.answers,
        onboarding=onboarding,
        previous_score=previous.score if previous else None,
    )
    if is_offline(provider_for_settings()):
        result.ai_insights = insights_generate(
            request,
            user_id=attempt.user_id,
            result_id=result.pk,
            provider=OfflineInsightsProvider(),
        )
    else:
        result.ai_insights = OfflineInsightsProvider().generate(request).text
        result_id = result.pk
        transaction.on_commit(lambda: _insights_enqueue(result_id))
    result.save(update_fields=["ai_insights", "updated_at"])
    score_model = SCORE_MODELS.get(assessment_type)
    if score_model is not None:
        score_model.objects.create(
            user_id=attempt.user_id,
            org_id=attempt.org_id,
            result=result,
            gmf_score=float(outcome.score),
            bracket_key=outcome.bracket,
            answers=attempt.answers,
            version=attempt.template.version,
            created_at=result.created_at,
        )
    _insights_write(result, outcome, AssessmentInsight)
    audited_update(
        ReassessmentPrompt.objects.filter(
            user_id=attempt.user_id,
            org_id=attempt.org_id,
            assessment_type=assessment_type,
            status__in=["pending", "sent"],
        ),
        status="completed",
        completed_at=timezone.now(),
    )
    ReassessmentPrompt.objects.create(
        user_id=attempt.user_id,
        org_id=attempt.org_id,
        assessment_type=assessment_type,
        previous_result=result,
        prompt=(
            f"Retake {label} to measure your progress since {result.created_at:%d %b %Y} "
            f"(score {result.score})."
        ),
        due_at=result.created_at + timedelta(days=settings.REASSESSMENT_AFTER_DAYS),
    )
    event_record(
        event_type="assessment.scored",
        source="scoring",
        user=result.user,
        org=result.org,
        data={
            "result_id": str(result.pk),
            "assessment_type": assessment_type,
            "assessment_label": label,
            "score": str(result.score),
            "bracket": result.bracket,
            "bracket_label": Bracket(result.bracket).label,
            "link": result_link(result),
        },
    )
    return result


def _insights_enqueue(result_id) -> None:
    from scoring import tasks

    tasks.refresh_result_insights_safely(result_id)


def result_insights_refresh(*, result_id) -> str:
    """Ask the configured provider for a result's insight text and keep it when it answers.

    Runs outside any transaction (the HTTP call holds no lock). Safe to run twice: a result the
    provider already wrote is skipped. A failure is recorded and raised (ProviderError) so the
    task retries; the offline text written at scoring stays meanwhile.
    """
    from intelligence.models import AiAnalytics

    provider = provider_for_settings()
    result = (
        AssessmentScoringResult.objects.select_related("template", "org", "user")
        .filter(pk=result_id)
        .first()
    )
    if result is None or is_offline(provider):
        return "skipped"
    done = AiAnalytics.objects.filter(
        provider=provider.name,
        success_rate=1,
        metadata__purpose="result_insights",
        metadata__result_id=str(result.pk),
    ).exists()
    if done:
        return "skipped"
    request = _insight_request_for(result)
    if request is None:
        return "skipped"
    text = insights_generate(
        request, user_id=result.user_id, result_id=result.pk, provider=provider, fallback=False
    )
    with transaction.atomic():
        result = AssessmentScoringResult.objects.select_for_update().get(pk=result.pk)
        result.ai_insights = text
        result.save(update_fields=["ai_insights", "updated_at"])
    return "written"


def _insight_request_for(result: AssessmentScoringResult) -> InsightRequest | None:
    """The request the result was scored with: the same answers, rubric version and onboarding."""
    from assessments.selectors import attempt_model, onboarding_answers, onboarding_submitted

    if result.template_id is None or result.assessment_id is None:
        return None
    attempt = attempt_model(result.assessment_type).objects.filter(pk=result.assessment_id).first()
    if attempt is None:
        return None
    attempt.template = result.template
    onboarding = onboarding_answers(onboarding_submitted(org=result.org, user=result.user))
    previous = (
        AssessmentScoringResult.objects.filter(
            user_id=result.user_id,
            org_id=result.org_id,
            assessment_type=result.assessment_type,
            created_at__lt=result.created_at,
        )
        .order_by("-created_at")
        .only("score")
        .first()
    )
    return InsightRequest(
        assessment_type=result.assessment_type,
        assessment_label=AssessmentType(result.assessment_type).label,
        outcome=_outcome_for(attempt, onboarding),
        questions=result.template.questions,
        answers=attempt.answers,
        onboarding=onboarding,
        previous_score=previous.score if previous else None,
    )


def _insights_write(result, outcome: engine.Outcome, insight_model) -> None:
    """scorecard_insights: one line per scored category; assessment_insights: the weakest areas
    and the strongest, with the recommendation that goes with each."""
    rows = []
    for category in outcome.categories:
        if category.score is None:
            continue
        if category.score < engine.LOW_THRESHOLD:
            priority, verdict = Priority.HIGH, "needs attention"
        elif category.score < engine.STRONG_THRESHOLD:
            priority, verdict = Priority.MEDIUM, "is developing"
        else:
            priority, verdict = Priority.LOW, "is a strength"
        rows.append(
            ScorecardInsight(
                user_id=result.user_id,
                org_id=result.org_id,
                result=result,
                assessment_type=result.assessment_type,
                category=category.key,
                title=f"{category.label}: {category.score}",
                insight=f"{category.label} {verdict} ({category.answered} of "
                f"{category.scored_questions} questions answered).",
                priority=priority,
            )
        )
    audited_bulk_create(ScorecardInsight, rows)
    insights = []
    weakest = sorted(
        (c for c in outcome.categories if c.score is not None), key=lambda c: (c.score, c.key)
    )
    to_improve = [c for c in weakest if c.score < engine.HIGH_THRESHOLD][:2]
    for category, recommendation in zip(to_improve, outcome.recommendations[::2], strict=False):
        insights.append(
            insight_model(
                user_id=result.user_id,
                org_id=result.org_id,
                result=result,
                assessment_type=result.assessment_type,
                category=category.key,
                title=f"Improve {category.label.lower()}",
                insight=recommendation,
                priority=Priority.HIGH
                if category.score < engine.LOW_THRESHOLD
                else Priority.MEDIUM,
                source="rubric",
            )
        )
    if weakest and weakest[-1].score >= engine.STRONG_THRESHOLD:
        best = weakest[-1]
        insights.append(
            insight_model(
                user_id=result.user_id,
                org_id=result.org_id,
                result=result,
                assessment_type=result.assessment_type,
                category=best.key,
                title=f"Build on {best.label.lower()}",
                insight=f"{best.label} scores {best.score}: use it as a reference for the "
                "weaker areas and keep measuring it.",
                priority=Priority.LOW,
                source="rubric",
            )
        )
    audited_bulk_create(insight_model, insights)


def result_recompute(*, result: AssessmentScoringResult) -> tuple[AssessmentScoringResult, bool]:
    """Score the result's attempt again with the rubric version it recorded.

    Returns the result and whether anything differed (it never should: the engine is
    deterministic and a used template version is frozen). A difference is written and reported.
    """
    from assessments.selectors import attempt_model, onboarding_answers, onboarding_submitted

    if result.template_id is None or result.assessment_id is None:
        raise ValidationError("This result has no recorded attempt and rubric to recompute from.")
    attempt = (
        attempt_model(result.assessment_type)
        .objects.select_related("template")
        .filter(pk=result.assessment_id)
        .first()
    )
    if attempt is None:
        raise ValidationError("The attempt this result scored no longer exists.")
    attempt.template = result.template  # the recorded version, whatever the attempt says now
    onboarding = onboarding_answers(onboarding_submitted(org=result.org, user=result.user))
    outcome = _outcome_for(attempt, onboarding)
    fresh = {
        "score": outcome.score,
        "bracket": outcome.bracket,
        "description": outcome.description,
        "recommendations": outcome.recommendations,
        "next_steps": outcome.next_steps,
        "confidence": outcome.confidence,
        "category_scores": outcome.category_scores_json(),
    }
    changed = [
        name
        for name, value in fresh.items()
        if (
            Decimal(str(getattr(result, name)))
            if isinstance(value, Decimal)
            else getattr(result, name)
        )
        != value
    ]
    if changed:
        for name in changed:
            setattr(result, name, fresh[name])
        result.save(update_fields=[*changed, "updated_at"])
    return result, bool(changed)
