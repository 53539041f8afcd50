"""Writes of scoring data: scoring an attempt, recomputing a result, sharing one (a
django-guardian grant, given after org scoping)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import User
from config import tenancy
from events.audit import audited_bulk_create
from events.services import event_record
from orgs.models import Membership
from scoring import engine, selectors, signals
from scoring.attempts import attempt_for_result
from scoring.choices import VIEW_RESULT, AssessmentType, Bracket, Priority
from scoring.insights import (
    InsightRequest,
    OfflineInsightsProvider,
    insights_generate,
    insights_written,
    is_offline,
    provider_for_settings,
)
from scoring.models import SCORE_MODELS, AssessmentScoringResult, ScorecardInsight

__all__ = ["VIEW_RESULT", "result_create", "result_recompute", "result_share", "result_unshare"]


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


def _outcome(template, answers: dict, onboarding: dict) -> engine.Outcome:
    return engine.score(template.questions, template.rubric, answers, onboarding=onboarding)


def result_link(result: AssessmentScoringResult) -> str:
    return reverse("assessments:result", args=[result.org.slug, result.pk]) if result.org else ""


@transaction.atomic
def result_create(*, attempt, onboarding: dict | None = None) -> AssessmentScoringResult:
    """Score a submitted attempt: the result, its score_* row, the scorecard insights, the
    insight text and the assessment.scored event. The apps above are told by `result_scored`
    (assessments writes its insights and the reassessment prompt), in this transaction."""
    assessment_type = attempt._meta.db_table.removesuffix("_assessment")
    label = AssessmentType(assessment_type).label
    onboarding = onboarding or {}
    outcome = _outcome(attempt.template, attempt.answers, onboarding)
    previous = selectors.result_previous(
        user_id=attempt.user_id, org_id=attempt.org_id, assessment_type=assessment_type
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
    _scorecard_write(result, outcome)
    signals.result_scored.send(
        sender=AssessmentScoringResult,
        result=result,
        label=label,
        insights=_insight_rows(result, outcome),
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


def result_insights_refresh_unscoped(*, result_id) -> str:
    """Ask the configured provider for a result's insight text and keep it when it answers.

    Given only the result's id (a task), it learns the result's owner across organisations,
    then does the work in that owner's scope. Runs outside any transaction (the HTTP call holds
    no lock). Safe to run twice: a result the provider already wrote is skipped. A failure is
    recorded and raised (ProviderError) so the task retries; the offline text stays meanwhile.
    """
    owner = selectors.result_owner_unscoped(result_id)
    if owner is None:
        return "skipped"
    org_id, user_id = owner
    scope = (
        tenancy.org_scope(org=org_id, user=user_id) if org_id else tenancy.user_scope(user=user_id)
    )
    with scope:
        return _result_insights_refresh(result_id)


def _result_insights_refresh(result_id) -> str:
    provider = provider_for_settings()
    result = selectors.result_for_insights(result_id)
    if result is None or is_offline(provider):
        return "skipped"
    if insights_written(provider=provider, result_id=result.pk):
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
    if result.template_id is None or result.assessment_id is None:
        return None
    scored = attempt_for_result(result)
    if scored is None:
        return None
    previous = selectors.result_previous(
        user_id=result.user_id,
        org_id=result.org_id,
        assessment_type=result.assessment_type,
        before=result.created_at,
    )
    return InsightRequest(
        assessment_type=result.assessment_type,
        assessment_label=AssessmentType(result.assessment_type).label,
        outcome=_outcome(result.template, scored.answers, scored.onboarding),
        questions=result.template.questions,
        answers=scored.answers,
        onboarding=scored.onboarding,
        previous_score=previous.score if previous else None,
    )


def _scorecard_write(result, outcome: engine.Outcome) -> None:
    """scorecard_insights: one line per scored category."""
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


def _insight_rows(result, outcome: engine.Outcome) -> list[dict]:
    """The assessment insights of a result (as field values): the weakest areas and the
    strongest, with the recommendation that goes with each."""
    owner = {
        "user_id": result.user_id,
        "org_id": result.org_id,
        "result": result,
        "assessment_type": result.assessment_type,
        "source": "rubric",
    }
    rows = []
    weakest = sorted(
        (c for c in outcome.categories if c.score is not None), key=lambda c: (c.score, c.key)
    )
    to_improve = [c for c in weakest if c.score < engine.HIGH_THRESHOLD][:2]
    for category, recommendation in zip(to_improve, outcome.recommendations[::2], strict=False):
        rows.append(
            {
                **owner,
                "category": category.key,
                "title": f"Improve {category.label.lower()}",
                "insight": recommendation,
                "priority": Priority.HIGH
                if category.score < engine.LOW_THRESHOLD
                else Priority.MEDIUM,
            }
        )
    if weakest and weakest[-1].score >= engine.STRONG_THRESHOLD:
        best = weakest[-1]
        rows.append(
            {
                **owner,
                "category": best.key,
                "title": f"Build on {best.label.lower()}",
                "insight": f"{best.label} scores {best.score}: use it as a reference for the "
                "weaker areas and keep measuring it.",
                "priority": Priority.LOW,
            }
        )
    return rows


def result_recompute(*, result: AssessmentScoringResult) -> tuple[AssessmentScoringResult, bool]:
    """Score the result's attempt again with the rubric version it recorded.

    Returns the result and whether anything differed (it never should: the engine is
    deterministic and a used template version is frozen). A difference is written and reported.
    """
    if result.template_id is None or result.assessment_id is None:
        raise ValidationError("This result has no recorded attempt and rubric to recompute from.")
    scored = attempt_for_result(result)
    if scored is None:
        raise ValidationError("The attempt this result scored no longer exists.")
    # The recorded template version, whatever the attempt says now.
    outcome = _outcome(result.template, scored.answers, scored.onboarding)
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
