"""Portal pages of assessments: the onboarding wizard, taking an assessment page by page with
autosave, results (score, chart, SWOT, history, exports), delegation, assignments and pulses.

Every org page runs behind orgs' middleware (request.org, request.membership; 404 for
non-members). A user's attempts are their own; results follow scoring.selectors.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Avg, Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from assessments import selectors, services
from assessments.choices import AnalyticsEvent, AttemptStatus, DelegationStatus, PulseStatus
from assessments.forms import (
    AssignmentForm,
    DelegateForm,
    PulseForm,
    answers_from_post,
    onboarding_form_class,
)
from assessments.models import (
    AssessmentAnalytics,
    AssessmentAssignment,
    AssessmentDelegation,
    AssessmentInsight,
    OnboardingAssessment,
    StrategicPulse,
)
from billing.entitlements import Feature, feature_offer, feature_required
from orgs.models import Membership, OrgPermission
from scoring import charts, exports
from scoring import selectors as scoring_selectors
from scoring.choices import AssessmentType, Bracket
from scoring.engine import NOT_APPLICABLE


def _require(request: HttpRequest, permission: str) -> None:
    if not request.membership.can(permission):
        raise PermissionDenied("Your role in this organisation does not allow this.")


def _type_or_404(assessment_type: str) -> str:
    if assessment_type not in AssessmentType.values:
        raise Http404("No such assessment.")
    return assessment_type


def _attempt_or_404(request, assessment_type: str, attempt_id):
    attempt = selectors.attempt_of_user(
        org=request.org,
        user=request.user,
        assessment_type=_type_or_404(assessment_type),
        attempt_id=attempt_id,
    )
    if attempt is None:
        raise Http404("No such assessment.")
    return attempt


def _results(request):
    """Results this user may see in this org: staff and managers all, others own + shared."""
    if request.user.is_staff or request.membership.can(OrgPermission.MANAGE_MEMBERS):
        from scoring.models import AssessmentScoringResult

        return AssessmentScoringResult.objects.filter(org=request.org).order_by("-created_at")
    return scoring_selectors.results_visible_to(org=request.org, user=request.user)


def _result_or_404(request, result_id):
    result = (
        _results(request).select_related("user", "template", "org").filter(pk=result_id).first()
    )
    if result is None:
        raise Http404("No such result.")
    return result


# --- Overview ------------------------------------------------------------------------------------


@login_required
def index(request: HttpRequest, org_slug: str) -> HttpResponse:
    from billing.entitlements import assessment_type_allowed

    org, user = request.org, request.user
    latest: dict[str, list] = {}
    own = (
        scoring_selectors.results_visible_to(org=org, user=user)
        .filter(user=user)
        .only("id", "assessment_type", "score", "bracket", "created_at")
    )
    # The newest two per type, in one query (window function), for the score and its change.
    from django.db.models import F, Window
    from django.db.models.functions import RowNumber

    ranked = own.annotate(
        rank=Window(
            RowNumber(), partition_by=[F("assessment_type")], order_by=F("created_at").desc()
        )
    )
    for result in ranked.order_by("assessment_type", "-created_at"):
        if result.rank <= 2:
            latest.setdefault(result.assessment_type, []).append(result)
    drafts = selectors.drafts_of_user(org=org, user=user)
    templates = selectors.templates_active()
    cards = []
    for value, label in AssessmentType.choices:
        pair = latest.get(value, [])
        template = templates.get(value)
        draft = drafts.get(value)
        answered = len(draft.answers or {}) if draft else 0
        total = len([q for q in template.questions if q["type"] != "text"]) if template else 0
        cards.append(
            {
                "type": value,
                "label": label,
                "description": template.description if template else "",
                "questions": len(template.questions) if template else 0,
                "latest": pair[0] if pair else None,
                "change": (pair[0].score - pair[1].score) if len(pair) == 2 else None,
                "draft": draft,
                "progress": int(answered / total * 100) if draft and total else 0,
                "allowed": assessment_type_allowed(org, value),
                "available": template is not None,
            }
        )
    context = {
        "org": org,
        "cards": cards,
        "onboarding": selectors.onboarding_latest(org=org, user=user),
        "prompts": list(selectors.prompts_due(org=org, user=user)[:5]),
        "assignments": list(
            AssessmentAssignment.objects.filter(
                org=org, assignee=user, status__in=["assigned", "in_progress"]
            ).order_by("due_date")[:10]
        ),
        "delegated_count": selectors.delegations_to_user(user)
        .filter(status=DelegationStatus.PENDING)
        .count(),
        "can_edit": request.membership.can(OrgPermission.EDIT),
        "can_manage": request.membership.can(OrgPermission.MANAGE_MEMBERS),
    }
    return render(request, "assessments/index.html", context)


# --- Onboarding ----------------------------------------------------------------------------------


@login_required
def onboarding(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = request.org
    latest = selectors.onboarding_latest(org=org, user=request.user)
    if (
        request.method == "GET"
        and latest
        and latest.status == AttemptStatus.SUBMITTED
        and not (request.GET.get("redo"))
    ):
        return render(
            request, "assessments/onboarding_done.html", {"org": org, "onboarding": latest}
        )
    _require(request, OrgPermission.EDIT)
    if request.method == "POST":
        draft = services.onboarding_start(user=request.user, org=org)
    else:  # a GET never writes: the draft is created by the first saved step
        draft = (
            latest
            if latest and latest.status == AttemptStatus.DRAFT
            else OnboardingAssessment(
                user=request.user,
                org=org,
                **{
                    name: getattr(latest, name)
                    for _, fields in services.ONBOARDING_STEPS
                    for name in fields
                    if latest is not None and name != "final_confirmation"
                },
            )
        )
    steps = services.ONBOARDING_STEPS
    try:
        step = int(request.POST.get("step") or request.GET.get("step") or _resume_step(draft))
    except ValueError:
        step = 0
    step = min(max(step, 0), len(steps) - 1)
    form_class = onboarding_form_class(step)
    form = form_class(request.POST or None, instance=draft)
    if request.method == "POST":
        if request.POST.get("action") == "back":
            return redirect(f"{reverse('assessments:onboarding', args=[org.slug])}?step={step - 1}")
        if form.is_valid():
            services.onboarding_save_step(
                onboarding=draft, step=step, data=form.cleaned_data, user=request.user
            )
            if step < len(steps) - 1:
                return redirect(
                    f"{reverse('assessments:onboarding', args=[org.slug])}?step={step + 1}"
                )
            try:
                services.onboarding_submit(onboarding=draft, user=request.user)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(
                    request,
                    "Onboarding complete. Your answers now inform every assessment's SWOT.",
                )
                return redirect("assessments:index", org_slug=org.slug)
    context = {
        "org": org,
        "form": form,
        "step": step,
        "steps": [label for label, _ in steps],
        "step_label": steps[step][0],
        "is_last": step == len(steps) - 1,
        "progress": int(step / len(steps) * 100),
        "draft": draft,
    }
    return render(
        request, "assessments/onboarding.html", context, status=400 if form.errors else 200
    )


def _resume_step(draft) -> int:
    from assessments.models import AssessmentSession

    if draft._state.adding:
        return 0
    session = (
        AssessmentSession.objects.filter(assessment_id=draft.pk)
        .order_by("-last_activity_at")
        .first()
    )
    return session.current_step if session else 0


# --- Taking an assessment ------------------------------------------------------------------------


@login_required
@require_POST
def start(request: HttpRequest, org_slug: str, assessment_type: str) -> HttpResponse:
    _type_or_404(assessment_type)
    _require(request, OrgPermission.EDIT)
    try:
        attempt = services.attempt_start(
            user=request.user, org=request.org, assessment_type=assessment_type
        )
    except PermissionDenied:
        return render(
            request,
            "assessments/locked.html",
            {"org": request.org, "label": AssessmentType(assessment_type).label},
            status=402,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("assessments:index", org_slug=request.org.slug)
    return redirect("assessments:take", request.org.slug, assessment_type, attempt.pk)


def _page_context(request, attempt, page: int, errors: dict | None = None, posted=None) -> dict:
    pages = services.template_pages(attempt.template)
    page = min(max(page, 0), len(pages) - 1)
    answers = dict(attempt.answers or {})
    if posted:
        answers.update(posted)  # show what the user typed next to its error, never lose it
    delegations = selectors.delegations_of_attempt(attempt)
    questions = []
    for question in pages[page]["questions"]:
        value = answers.get(question["key"])
        questions.append(
            {
                "q": question,
                "value": value,
                "values": value if isinstance(value, list) else [value],
                "na": value == NOT_APPLICABLE,
                "error": (errors or {}).get(question["key"]),
                "delegation": delegations.get(question["key"]),
                "likert_range": range(
                    int((question.get("scale") or {}).get("min", 1)),
                    int((question.get("scale") or {}).get("max", 5)) + 1,
                )
                if question["type"] == "likert"
                else (),
            }
        )
    return {
        "org": request.org,
        "attempt": attempt,
        "assessment_type": services.attempt_type(attempt),
        "label": AssessmentType(services.attempt_type(attempt)).label,
        "pages": pages,
        "page": page,
        "page_label": pages[page]["label"],
        "questions": questions,
        "is_last": page == len(pages) - 1,
        "answered": len(attempt.answers or {}),
        "total": len(attempt.template.questions),
        "progress": int(len(attempt.answers or {}) / max(len(attempt.template.questions), 1) * 100),
        "delegate_form": DelegateForm(questions=pages[page]["questions"]),
        "collaboration_locked": feature_offer(request, request.org, Feature.TEAM_COLLABORATION),
    }


@login_required
def take(request: HttpRequest, org_slug: str, assessment_type: str, attempt_id) -> HttpResponse:
    attempt = _attempt_or_404(request, assessment_type, attempt_id)
    if attempt.status == AttemptStatus.SUBMITTED:
        result = _results(request).filter(assessment_id=attempt.pk).first()
        if result:
            return redirect("assessments:result", request.org.slug, result.pk)
        raise Http404("No such assessment.")
    try:
        page = int(request.POST.get("page") or request.GET.get("page") or 0)
    except ValueError:
        page = 0
    if request.method == "POST":
        _require(request, OrgPermission.EDIT)
        pages = services.template_pages(attempt.template)
        page = min(max(page, 0), len(pages) - 1)
        posted = answers_from_post(pages[page]["questions"], request.POST)
        try:
            services.attempt_save_answers(
                attempt=attempt, answers=posted, user=request.user, page=page
            )
        except services.AnswersInvalid as exc:
            attempt.refresh_from_db()
            context = _page_context(request, attempt, page, exc.field_errors, posted)
            return render(request, "assessments/take.html", context, status=400)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("assessments:index", org_slug=request.org.slug)
        action = request.POST.get("action", "next")
        base = reverse("assessments:take", args=[request.org.slug, assessment_type, attempt.pk])
        if action == "back":
            return redirect(f"{base}?page={page - 1}")
        if action == "save":
            messages.success(request, "Saved. You can come back and finish at any time.")
            return redirect("assessments:index", org_slug=request.org.slug)
        if action == "review" or page >= len(pages) - 1:
            return redirect("assessments:review", request.org.slug, assessment_type, attempt.pk)
        return redirect(f"{base}?page={page + 1}")
    return render(request, "assessments/take.html", _page_context(request, attempt, page))


@login_required
@require_POST
def autosave(request: HttpRequest, org_slug: str, assessment_type: str, attempt_id) -> HttpResponse:
    """htmx: save the page's answers as they change; answers with the save status."""
    _require(request, OrgPermission.EDIT)
    attempt = _attempt_or_404(request, assessment_type, attempt_id)
    pages = services.template_pages(attempt.template)
    try:
        page = min(max(int(request.POST.get("page") or 0), 0), len(pages) - 1)
    except ValueError:
        page = 0
    posted = answers_from_post(pages[page]["questions"], request.POST)
    errors = {}
    try:
        services.attempt_save_answers(attempt=attempt, answers=posted, user=request.user)
    except services.AnswersInvalid as exc:
        errors = exc.field_errors
    except ValidationError as exc:
        return render(
            request, "assessments/_autosave.html", {"error": " ".join(exc.messages)}, status=400
        )
    return render(
        request,
        "assessments/_autosave.html",
        {"errors": errors, "saved_at": timezone.now()},
        status=400 if errors else 200,
    )


@login_required
def review(request: HttpRequest, org_slug: str, assessment_type: str, attempt_id) -> HttpResponse:
    attempt = _attempt_or_404(request, assessment_type, attempt_id)
    if attempt.status == AttemptStatus.SUBMITTED:
        return redirect("assessments:take", request.org.slug, assessment_type, attempt.pk)
    pages = services.template_pages(attempt.template)
    missing = {q["key"] for q in services.attempt_missing(attempt)}
    if request.method == "POST":
        _require(request, OrgPermission.EDIT)
        try:
            result = services.attempt_submit(attempt=attempt, user=request.user)
        except services.AnswersInvalid:
            messages.error(request, "Some required questions still need an answer.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Submitted and scored.")
            return redirect("assessments:result", request.org.slug, result.pk)
    summary = []
    for index, page in enumerate(pages):
        keys = [q["key"] for q in page["questions"]]
        summary.append(
            {
                "index": index,
                "label": page["label"],
                "answered": sum(1 for k in keys if k in (attempt.answers or {})),
                "total": len(keys),
                "missing": [q for q in page["questions"] if q["key"] in missing],
            }
        )
    context = {
        "org": request.org,
        "attempt": attempt,
        "assessment_type": assessment_type,
        "label": AssessmentType(assessment_type).label,
        "summary": summary,
        "missing_count": len(missing),
    }
    return render(
        request,
        "assessments/review.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
@feature_required(Feature.TEAM_COLLABORATION)
def delegate(request: HttpRequest, org_slug: str, assessment_type: str, attempt_id) -> HttpResponse:
    _require(request, OrgPermission.EDIT)
    attempt = _attempt_or_404(request, assessment_type, attempt_id)
    form = DelegateForm(request.POST, questions=attempt.template.questions)
    page = request.POST.get("page", "0")
    target = reverse("assessments:take", args=[request.org.slug, assessment_type, attempt.pk])
    if form.is_valid():
        try:
            services.questions_delegate(
                attempt=attempt,
                owner=request.user,
                email=form.cleaned_data["email"],
                question_keys=form.cleaned_data["question_keys"],
                message=form.cleaned_data["message"],
                due_date=form.cleaned_data["due_date"],
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            count = len(form.cleaned_data["question_keys"])
            messages.success(request, f"{count} question(s) sent to {form.cleaned_data['email']}.")
    else:
        messages.error(
            request,
            " ".join(f"{e}" for errors in form.errors.values() for e in errors),
        )
    return redirect(f"{target}?page={page}")


# --- Results -------------------------------------------------------------------------------------


@login_required
def result(request: HttpRequest, org_slug: str, result_id) -> HttpResponse:
    current = _result_or_404(request, result_id)
    history = list(
        _results(request)
        .filter(user_id=current.user_id, assessment_type=current.assessment_type)
        .only("id", "score", "bracket", "created_at")
        .order_by("created_at")
    )
    previous = None
    for past in history:
        if past.created_at < current.created_at:
            previous = past
    insights = list(AssessmentInsight.objects.filter(result=current).order_by("priority", "title"))
    label = AssessmentType(current.assessment_type).label
    if current.user_id == request.user.pk:
        AssessmentAnalytics.objects.create(
            user=request.user,
            org=request.org,
            assessment_type=current.assessment_type,
            event_type=AnalyticsEvent.RESULTS_VIEWED,
            metadata={"result_id": str(current.pk)},
        )
    context = {
        "org": request.org,
        "result": current,
        "label": label,
        "bracket_label": Bracket(current.bracket).label,
        "history": history,
        "previous": previous,
        "change": current.score - previous.score if previous else None,
        "category_chart": charts.category_bars(current.category_scores or {}),
        "history_chart": charts.history_line(
            [(f"{r.created_at:%b %y}", r.score) for r in history], title=f"{label} over time"
        )
        if len(history) > 1
        else None,
        "insights": insights,
        "is_own": current.user_id == request.user.pk,
        "can_edit": request.membership.can(OrgPermission.EDIT),
        "confidence_pct": int(current.confidence * 100) if current.confidence is not None else None,
        "exports_locked": feature_offer(request, request.org, Feature.EXPORTS),
    }
    return render(request, "assessments/result.html", context)


@login_required
def history(request: HttpRequest, org_slug: str, assessment_type: str) -> HttpResponse:
    _type_or_404(assessment_type)
    rows = list(
        _results(request)
        .filter(user=request.user, assessment_type=assessment_type)
        .only("id", "score", "bracket", "created_at", "confidence", "rubric_version")
        .order_by("created_at")
    )
    previous = None
    entries = []
    for row in rows:
        entries.append({"result": row, "change": row.score - previous.score if previous else None})
        previous = row
    label = AssessmentType(assessment_type).label
    context = {
        "org": request.org,
        "label": label,
        "assessment_type": assessment_type,
        "entries": list(reversed(entries)),
        "chart": charts.history_line(
            [(f"{r.created_at:%d %b %y}", r.score) for r in rows], title=f"{label} over time"
        )
        if rows
        else None,
    }
    return render(request, "assessments/history.html", context)


@login_required
@feature_required(Feature.EXPORTS)
def export_pdf(request: HttpRequest, org_slug: str, result_id) -> HttpResponse:
    current = _result_or_404(request, result_id)
    history = list(
        _results(request)
        .filter(user_id=current.user_id, assessment_type=current.assessment_type)
        .only("id", "score", "created_at")
        .order_by("created_at")
    )
    body = exports.result_pdf(
        current,
        org_name=request.org.name,
        person=current.user.get_full_name() or current.user.email,
        history=history,
    )
    response = HttpResponse(body, content_type="application/pdf")
    filename = f"{current.assessment_type}-{current.created_at:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@feature_required(Feature.EXPORTS)
def export_csv(request: HttpRequest, org_slug: str, result_id) -> HttpResponse:
    current = _result_or_404(request, result_id)
    response = HttpResponse(exports.result_csv(current), content_type="text/csv; charset=utf-8")
    filename = f"{current.assessment_type}-{current.created_at:%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Delegated to me (any organisation) ----------------------------------------------------------


@login_required
def delegated(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.delegations_to_user(request.user)[:200])
    questions = _delegated_questions(rows)
    errors: dict = {}
    if request.method == "POST":
        delegation_id = request.POST.get("delegation_id", "")
        row = next((r for r in rows if str(r.pk) == delegation_id), None)
        if row is None:
            raise Http404("No such delegated question.")
        question = questions.get(row.pk)
        if request.POST.get("na"):
            value = NOT_APPLICABLE
        elif question and question["type"] == "multi":
            value = request.POST.getlist("answer")
        else:
            value = request.POST.get("answer")
        try:
            services.question_answer(delegation_id=row.pk, user=request.user, answer=value)
        except ValidationError as exc:
            errors[str(row.pk)] = " ".join(exc.messages)
        else:
            messages.success(request, "Thank you: your answer has been saved.")
            return redirect("assessments:delegated")
    items = [
        {"row": r, "question": questions.get(r.pk), "error": errors.get(str(r.pk))} for r in rows
    ]
    return render(
        request, "assessments/delegated.html", {"items": items}, status=400 if errors else 200
    )


def _delegated_questions(rows) -> dict:
    """delegation id → its question's definition, from each attempt's own template version
    (one query per assessment type present, whatever the number of rows)."""
    by_type: dict[str, set] = {}
    for row in rows:
        if row.assessment_id:
            by_type.setdefault(row.assessment_type, set()).add(row.assessment_id)
    templates = {}
    for assessment_type, ids in by_type.items():
        model = selectors.attempt_model(assessment_type)
        for attempt in model.objects.filter(pk__in=ids).select_related("template"):
            if attempt.template is not None:
                templates[attempt.pk] = {q["key"]: q for q in attempt.template.questions}
    return {row.pk: templates.get(row.assessment_id, {}).get(row.question_key) for row in rows}


@login_required
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.invitation_accept(token=token, user=request.user)
    except (ValidationError, PermissionDenied) as exc:
        return render(
            request,
            "assessments/invitation_error.html",
            {"message": " ".join(getattr(exc, "messages", [str(exc)]))},
            status=400,
        )
    messages.success(request, f"You can now answer the questions {invitation.org.name} sent you.")
    return redirect("assessments:delegated")


# --- Team: assignments, delegations, analytics ---------------------------------------------------


@login_required
@feature_required(Feature.TEAM_COLLABORATION, methods={"POST"})  # assigning; the page stays
def team(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = request.org
    can_manage = request.membership.can(OrgPermission.MANAGE_MEMBERS)
    form = AssignmentForm(request.POST or None)
    if request.method == "POST":
        _require(request, OrgPermission.MANAGE_MEMBERS)
        if form.is_valid():
            try:
                services.assignment_create(org=org, assigned_by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                for field, errs in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errs)
            else:
                messages.success(request, f"Assigned to {form.cleaned_data['email']}.")
                return redirect("assessments:team", org_slug=org.slug)
    delegations = list(
        AssessmentDelegation.objects.filter(org=org, owner=request.user)
        .select_related("delegate")
        .order_by("-created_at")[:50]
    )
    question_rows = {}
    if delegations:
        from assessments.models import QuestionDelegation

        for row in QuestionDelegation.objects.filter(
            assessment_id__in={d.assessment_id for d in delegations}, owner=request.user
        ).order_by("created_at"):
            question_rows.setdefault((row.assessment_id, row.delegate_email), []).append(row)
    for d in delegations:
        d.questions = question_rows.get((d.assessment_id, d.delegate_email), [])
    context = {
        "org": org,
        "form": form,
        "can_manage": can_manage,
        "assignments": list(
            AssessmentAssignment.objects.filter(org=org)
            .select_related("assignee")
            .order_by("-created_at")[:50]
        )
        if can_manage
        else [],
        "delegations": delegations,
        "analytics": _analytics(org) if can_manage else None,
        "insights": _latest_insights(org, request.user),
        "collaboration_locked": feature_offer(request, org, Feature.TEAM_COLLABORATION),
    }
    return render(request, "assessments/team.html", context, status=400 if form.errors else 200)


def _latest_insights(org, user) -> list:
    """The insights of the user's latest result of each type, most urgent first."""
    from django.db.models import Case, IntegerField, Value, When

    from scoring.models import AssessmentScoringResult

    latest = (
        AssessmentScoringResult.objects.filter(org=org, user=user)
        .order_by("assessment_type", "-created_at")
        .distinct("assessment_type")
        .values("id")
    )
    urgency = Case(
        When(priority="high", then=Value(0)),
        When(priority="medium", then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return list(
        AssessmentInsight.objects.filter(result_id__in=latest)
        .annotate(urgency=urgency)
        .order_by("urgency", "-created_at")[:8]
    )


def _analytics(org) -> list[dict]:
    """Per wizard: started, submitted, completion rate, median-ish time per step, drop-off."""
    counts = (
        AssessmentAnalytics.objects.filter(org=org)
        .values("assessment_type")
        .annotate(
            started=Count("id", filter=Q(event_type=AnalyticsEvent.STARTED)),
            submitted=Count("id", filter=Q(event_type=AnalyticsEvent.SUBMITTED)),
            step_ms=Avg("duration_ms", filter=Q(event_type=AnalyticsEvent.STEP_COMPLETED)),
        )
    )
    drop = {}
    last_steps = (
        AssessmentAnalytics.objects.filter(org=org, event_type=AnalyticsEvent.STEP_COMPLETED)
        .values("assessment_type", "step")
        .annotate(n=Count("id"))
    )
    for row in last_steps:
        drop.setdefault(row["assessment_type"], {})[row["step"]] = row["n"]
    labels = dict([("onboarding", "Onboarding"), *AssessmentType.choices])
    rows = []
    for row in counts.order_by("assessment_type"):
        if not row["started"]:
            continue
        steps = drop.get(row["assessment_type"], {})
        worst = None
        ordered = sorted(s for s in steps if s is not None)
        for a, b in zip(ordered, ordered[1:], strict=False):
            loss = steps[a] - steps[b]
            if loss > 0 and (worst is None or loss > worst[1]):
                worst = (b, loss)
        rows.append(
            {
                "label": labels.get(row["assessment_type"], row["assessment_type"]),
                "started": row["started"],
                "submitted": row["submitted"],
                "rate": int(row["submitted"] / row["started"] * 100),
                "step_seconds": int((row["step_ms"] or 0) / 1000),
                "drop_step": worst[0] + 1 if worst else None,
            }
        )
    return rows


@login_required
@require_POST
def delegation_revoke(request: HttpRequest, org_slug: str, delegation_id) -> HttpResponse:
    delegation = AssessmentDelegation.objects.filter(
        org=request.org, owner=request.user, pk=delegation_id
    ).first()
    if delegation is None:
        raise Http404("No such delegation.")
    services.delegation_revoke(delegation=delegation, user=request.user)
    messages.success(request, f"Delegation to {delegation.delegate_email} revoked.")
    return redirect("assessments:team", org_slug=request.org.slug)


# --- Strategic pulses ----------------------------------------------------------------------------


def _member_choices(org) -> list[tuple[str, str]]:
    return [
        (m.user.email, f"{m.user.get_full_name() or m.user.email} ({m.user.email})")
        for m in Membership.objects.filter(org=org).select_related("user").order_by("user__email")
    ]


@login_required
@feature_required(Feature.TEAM_COLLABORATION, methods={"POST"})  # sending; the list stays
def pulses(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = request.org
    form = PulseForm(request.POST or None, member_emails=_member_choices(org))
    if request.method == "POST":
        _require(request, OrgPermission.MANAGE_MEMBERS)
        if form.is_valid():
            data = form.cleaned_data
            try:
                pulse = services.pulse_create(
                    org=org,
                    created_by=request.user,
                    title=data["title"],
                    statements=data["statements"].splitlines(),
                    emails=data["emails"],
                    days_open=data["days_open"],
                    cadence_days=data["cadence_days"],
                )
            except ValidationError as exc:
                for field, errs in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errs)
            else:
                messages.success(request, f"“{pulse.title}” sent to {len(data['emails'])} people.")
                return redirect("assessments:pulse_detail", org.slug, pulse.pk)
    rows = list(
        StrategicPulse.objects.filter(org=org)
        .annotate(
            response_count=Count("responses", distinct=True),
            invited=Count("delegations", distinct=True),
        )
        .order_by("-created_at")[:50]
    )
    mine = set(
        StrategicPulse.objects.filter(
            org=org, status=PulseStatus.OPEN, delegations__delegate=request.user
        )
        .exclude(responses__respondent=request.user)
        .values_list("pk", flat=True)
    )
    context = {
        "org": org,
        "form": form,
        "pulses": rows,
        "to_answer": mine,
        "can_manage": request.membership.can(OrgPermission.MANAGE_MEMBERS),
        "collaboration_locked": feature_offer(request, org, Feature.TEAM_COLLABORATION),
    }
    return render(request, "assessments/pulses.html", context, status=400 if form.errors else 200)


def _pulse_or_404(request, pulse_id) -> StrategicPulse:
    pulse = StrategicPulse.objects.filter(org=request.org, pk=pulse_id).first()
    if pulse is None:
        raise Http404("No such pulse.")
    return pulse


@login_required
def pulse_detail(request: HttpRequest, org_slug: str, pulse_id) -> HttpResponse:
    pulse = _pulse_or_404(request, pulse_id)
    summary = services.pulse_summary(pulse)
    context = {
        "org": request.org,
        "pulse": pulse,
        "summary": summary,
        "min_responses": services.PULSE_MIN_RESPONSES,
        "invited": pulse.delegations.count(),
    }
    return render(request, "assessments/pulse_detail.html", context)


@login_required
def pulse_respond(request: HttpRequest, org_slug: str, pulse_id) -> HttpResponse:
    pulse = _pulse_or_404(request, pulse_id)
    errors = {}
    if request.method == "POST":
        answers = {q["key"]: request.POST.get(q["key"]) for q in pulse.questions}
        try:
            services.pulse_respond(pulse=pulse, user=request.user, answers=answers)
        except PermissionDenied:
            raise
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                errors = {k: " ".join(v) for k, v in exc.message_dict.items()}
            else:
                messages.error(request, " ".join(exc.messages))
                return redirect("assessments:pulses", org_slug=request.org.slug)
        else:
            messages.success(request, "Thanks: your answers are anonymous in the results.")
            return redirect("assessments:pulses", org_slug=request.org.slug)
    context = {"org": request.org, "pulse": pulse, "errors": errors, "posted": request.POST}
    return render(request, "assessments/pulse_respond.html", context, status=400 if errors else 200)
