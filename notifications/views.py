from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from notifications import selectors, services
from notifications.models import NotificationType, Priority


@login_required
def index(request: HttpRequest) -> HttpResponse:
    type_ = (
        request.GET.get("type", "") if request.GET.get("type") in NotificationType.values else ""
    )
    priority = (
        request.GET.get("priority", "") if request.GET.get("priority") in Priority.values else ""
    )
    notifications = selectors.notifications_for_user(
        user=request.user, type=type_, priority=priority
    )
    page = Paginator(notifications, 25).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "type": type_,
        "priority": priority,
        "types": NotificationType.choices,
        "priorities": Priority.choices,
    }
    return render(request, "notifications/index.html", context)


@login_required
@require_POST
def mark_read(request: HttpRequest, notification_id) -> HttpResponse:
    services.notification_mark_read(user=request.user, notification_id=notification_id)
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    # A safe target is a URL, never a view name to reverse ("1e200000" would raise).
    if target and safe and "\x00" not in target:
        return HttpResponseRedirect(target)
    return redirect("notifications:index")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.notification_mark_all_read(user=request.user)
    messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read.")
    return redirect("notifications:index")
