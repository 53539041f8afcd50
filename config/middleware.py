"""Refuse input no page can mean before it reaches a URL converter, a view or the database.

PostgreSQL cannot store NUL in text, and a lone surrogate cannot be encoded as UTF-8: either one
in a lookup raises (DataError, UnicodeEncodeError) instead of finding nothing. No URL of ours
contains them, so such a path answers 404; no filter or page number contains them either, so such
a query string answers 400 (under /api/, orgs.api.middleware answers that 400 per parameter, in
JSON). Form and JSON bodies are left to the forms and serializers, which answer with a field
error.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

from config.views import error_404

_UNREADABLE = re.compile("[\x00\ud800-\udfff]")
_REQUOTED_BYTE = re.compile("%[89a-fA-F][0-9a-fA-F]")


def text_is_storable(value: str) -> bool:
    """False for text PostgreSQL cannot store or compare: NUL or a lone surrogate."""
    return _UNREADABLE.search(value) is None


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
        if request.path_info.startswith("/api/"):
            return self.get_response(request)
        if not all(text_is_storable(k) and text_is_storable(v) for k, v in _query(request)):
            return HttpResponseBadRequest("The address holds a character no page accepts (NUL).")
        return self.get_response(request)


def _query(request: HttpRequest):
    for key, values in request.GET.lists():
        for value in values:
            yield key, value
