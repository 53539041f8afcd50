from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.health import health_report, without_details


@require_GET
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    serving, report = health_report()
    # Error text names hosts, ports and versions: for staff only. Asked only when the database
    # answered, since reading the session needs it.
    if not (serving and _is_staff(request)):
        report = without_details(report)
    return JsonResponse(report, status=200 if serving else 503)


def _is_staff(request: HttpRequest) -> bool:
    try:
        return bool(request.user.is_authenticated and request.user.is_staff)
    except Exception:  # a session that cannot be read is an anonymous caller here
        return False


@require_GET
def media(request: HttpRequest, path: str) -> HttpResponse:
    """Uploaded files (profile pictures), when SERVE_MEDIA is on; MEDIA_ROOT read per request."""
    from django.views.static import serve

    return serve(request, path, document_root=settings.MEDIA_ROOT)


@require_GET
def landing(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboards:home")
    return render(request, "landing.html")


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "You do not have permission to do this."}, status=403)
    return render(request, "errors/403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "errors/404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # No context processors that touch the database: the failure may be the database itself.
    from django.template import loader

    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Server error."}, status=500)
    return HttpResponse(loader.get_template("errors/500.html").render(), status=500)
