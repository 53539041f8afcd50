"""URL input of /api/: a NUL in a path lookup is 404, in a query parameter 400 (never a 500).

Bodies are checked by the API's parsers (orgs.api.parsers); the URL reaches views before them:
a lookup `pk` of `%00` would be handed to the database, and a filter such as
`?user__email=%00` would make PostgreSQL refuse the query. Checking here, once, covers every
route under /api/, including routes added later.
"""

from __future__ import annotations

from django.http import Http404, JsonResponse

from config import safe_json


class ApiUrlInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path_info.startswith("/api/"):
            return None
        if safe_json.unsafe_text_path([*view_args, *view_kwargs.values()]) is not None:
            raise Http404("No such object.")
        found = safe_json.unsafe_text_path(request.GET)
        if found is not None:
            path, message = found  # "email.0": the first value of ?email=
            return JsonResponse({path.split(".")[0]: [message]}, status=400)
        return None
