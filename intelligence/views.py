"""The intelligence page (/intelligence/<org_slug>/): a paid feature (Feature.MARKET_INTELLIGENCE;
Free gets the 402 upgrade page). Feed items are global; follows are the user's own.

`items` is the htmx fragment: `?after=<cursor>` is the poll (only items newer than the newest
shown), `?cursor=<cursor>` the next page. Both answer 400 for a cursor that does not decode.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from billing.entitlements import Feature, feature_required
from intelligence import feed, follows, insights, reference
from intelligence.forms import FeedFilterForm, FollowForm
from orgs.decorators import org_view
from scoring import selectors as scoring_selectors

GATE = Feature.MARKET_INTELLIGENCE


def _filter_form(request: HttpRequest) -> FeedFilterForm:
    data = request.GET.copy()
    if not request.GET and request.user.industry:  # the user's industry first
        data["industry"] = request.user.industry
    return FeedFilterForm(data)


def _item_context(request, page: list, next_cursor: str, form: FeedFilterForm) -> dict:
    query = form.data.copy()
    query.pop("cursor", None)
    query.pop("after", None)
    return {
        "org": request.org,
        "items": page,
        "next_cursor": next_cursor,
        "filter_query": query.urlencode(),
        "poll_seconds": settings.INTELLIGENCE_POLL_SECONDS,
    }


def _refuse_staff(request) -> None:
    if request.membership._state.adding:  # platform staff's read-only view (never saved)
        raise PermissionDenied("Platform staff read organisations; they do not write for them.")


@require_GET
@org_view()
@feature_required(GATE)
def index(request: HttpRequest, org_slug: str) -> HttpResponse:
    form = _filter_form(request)
    if not form.is_valid():
        context = {"org": request.org, "form": form, "choices": feed.filter_choices()}
        return render(request, "intelligence/index.html", context, status=400)
    page, next_cursor = feed.feed_page(filters=form.filters())
    industry = request.user.industry
    cards = feed.trend_cards(industry=industry)
    weakest = scoring_selectors.weakest_category_of_user(org=request.org, user=request.user)
    for trends in cards.values():
        for trend in trends:  # per user: why the trend matters for their weakest category
            trend.why = insights.why_it_matters(trend, weakest)
    context = {
        **_item_context(request, page, next_cursor, form),
        "form": form,
        "choices": feed.filter_choices(),
        "newest_cursor": feed.encode_cursor(page[0]) if page else feed.cursor_at(timezone.now()),
        "ticker": feed.ticker_headlines(industry=industry),
        "cards": cards,
        "weakest_category": weakest,
        "playbook": feed.playbook_entries(),
        "follows": follows.follows_of_user(user=request.user),
        "symbols": reference.symbols_for_industry(industry=industry),
        "industry": industry,
        "roadmap_unread": reference.roadmap_unread(user=request.user),
    }
    return render(request, "intelligence/index.html", context)


@require_GET
@org_view()
@feature_required(GATE)
def items(request: HttpRequest, org_slug: str) -> HttpResponse:
    form = FeedFilterForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest("Invalid filters.")
    after, cursor = request.GET.get("after", ""), request.GET.get("cursor", "")
    try:
        if after:
            page = feed.feed_newer(filters=form.filters(), after=after)
            context = _item_context(request, page, "", form)
            context["newest_cursor"] = feed.encode_cursor(page[0]) if page else after
            return render(request, "intelligence/_poll.html", context)
        page, next_cursor = feed.feed_page(filters=form.filters(), cursor=cursor)
    except feed.BadCursor:
        return HttpResponseBadRequest("Invalid cursor.")
    context = _item_context(request, page, next_cursor, form)
    return render(request, "intelligence/_items.html", context)


@require_POST
@org_view()
@feature_required(GATE)
def follow(request: HttpRequest, org_slug: str) -> HttpResponse:
    _refuse_staff(request)
    form = FollowForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("Choose an industry or a source to follow.")
    data = form.cleaned_data
    try:
        follows.follow_set(
            user=request.user, kind=data["kind"], name=data["name"], active=data["follow"]
        )
    except ValidationError as exc:
        return HttpResponseBadRequest(" ".join(exc.messages))
    verb = "following" if data["follow"] else "no longer following"
    messages.success(request, f"You are {verb} {data['name']}.")
    return redirect(reverse("intelligence:index", args=[request.org.slug]))


@require_http_methods(["GET", "POST"])
@org_view()
def whats_new(request: HttpRequest, org_slug: str) -> HttpResponse:
    """The product's roadmap: every member reads it, whatever the plan; POST marks it read
    (the unread dot goes until the next update)."""
    if request.method == "POST":
        _refuse_staff(request)
        reference.roadmap_mark_read(user=request.user)
        return redirect(reverse("intelligence:whats_new", args=[request.org.slug]))
    context = {
        "org": request.org,
        "updates": reference.roadmap_published(),
        "unread": reference.roadmap_unread(user=request.user),
    }
    return render(request, "intelligence/whats_new.html", context)
