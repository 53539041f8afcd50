"""Taking an assessment: start (or resume) it, answer it page by page with autosave, review
and submit it, and delegate some of its questions to colleagues."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from assessments import selectors
from assessments.choices import AttemptStatus
from assessments.forms import DelegateForm, answers_from_post
from assessments.services import attempts as services
from assessments.services import delegation
from assessments.views.common import attempt_or_404, type_or_404
from billing.entitlements import Feature, feature_offer, feature_required
from orgs.decorators import org_view
from orgs.models import OrgPermission
from scoring import selectors as scoring_selectors
from scoring.choices import AssessmentType
from scoring.engine import NOT_APPLICABLE


@org_view(write_permission=OrgPermission.EDIT)
@require_POST
def start(request: HttpRequest, org_slug: str, assessment_type: str) -> HttpResponse:
    type_or_404(assessment_type)
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


@org_view(write_permission=OrgPermission.EDIT)
def take(request: HttpRequest, org_slug: str, assessment_type: str, attempt_id) -> HttpResponse:
    attempt = attempt_or_404(request, assessment_type, attempt_id)
    if attempt.status == AttemptStatus.SUBMITTED:
        result = scoring_selectors.result_of_attempt(
            org=request.org,
            user=request.user,
            membership=request.membership,
            attempt_id=attempt.pk,
        )
        if result:
            return redirect("assessments:result", request.org.slug, result.pk)
        raise Http404("No such assessment.")
    try:
        page = int(request.POST.get("page") or request.GET.get("page") or 0)
    except ValueError:
        page = 0
    if request.method == "POST":
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


@org_view(write_permission=OrgPermission.EDIT)
@require_POST
def autosave(request: HttpRequest, org_slug: str, assessment_type: str, attempt_id) -> HttpResponse:
    """htmx: save the page's answers as they change; answers with the save status."""
    attempt = attempt_or_404(request, assessment_type, attempt_id)
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


@org_view(write_permission=OrgPermission.EDIT)
def review(request: HttpRequest, org_slug: str, assessment_type: str, attempt_id) -> HttpResponse:
    attempt = attempt_or_404(request, assessment_type, attempt_id)
    if attempt.status == AttemptStatus.SUBMITTED:
        return redirect("assessments:take", request.org.slug, assessment_type, attempt.pk)
    pages = services.template_pages(attempt.template)
    missing = {q["key"] for q in services.attempt_missing(attempt)}
    if request.method == "POST":
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


@org_view(write_permission=OrgPermission.EDIT)
@require_POST
@feature_required(Feature.TEAM_COLLABORATION)
def delegate(request: HttpRequest, org_slug: str, assessment_type: str, attempt_id) -> HttpResponse:
    attempt = attempt_or_404(request, assessment_type, attempt_id)
    form = DelegateForm(request.POST, questions=attempt.template.questions)
    page = request.POST.get("page", "0")
    target = reverse("assessments:take", args=[request.org.slug, assessment_type, attempt.pk])
    if form.is_valid():
        try:
            delegation.questions_delegate(
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
