"""Refuse input no page can mean before it reaches a URL converter, a view or the database.

PostgreSQL cannot store NUL in text, and a lone surrogate cannot be encoded as UTF-8: either one
in a lookup raises (DataError, UnicodeEncodeError) instead of finding nothing. No URL of ours
contains them, so such a path answers 404; no filter or page number contains them either, so such
a query string answers 400 (under /api/ in JSON, naming the parameter, as a field error). Form and
JSON bodies are left to the forms, the API's parsers and its serializers, which answer with a
field error. Checking here, once, covers every route, including routes added later.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

from config.safe_json import text_is_storable, unsafe_text_path
from config.views import error_404

_REQUOTED_BYTE = re.compile("%[89a-fA-F][0-9a-fA-F]")


def _raw_path_is_utf8(request: HttpRequest) -> bool:
    # Django re-quotes path bytes that are not UTF-8 (a surrogate's ED A0 80 becomes "%ED%A0%80")
    # before anything else sees the path; a UTF-8 character would have been decoded, so an escaped
    # byte of 0x80 or more left in path_info was not UTF-8 (or was sent as "%25ED…": no URL of
    # ours holds a percent sign either).
    return _REQUOTED_BYTE.search(request.path_info) is None


class RejectUnreadableInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not text_is_storable(request.path_info) or not _raw_path_is_utf8(request):
            return error_404(request)
        found = unsafe_text_path(request.GET)
        if found is None:
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            path, message = found  # "email.0": the first value of ?email=
            return JsonResponse({path.split(".")[0]: [message]}, status=400)
        return HttpResponseBadRequest("The address holds a character no page accepts (NUL).")
