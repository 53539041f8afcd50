"""The root of every API view: it opens the caller's tenancy scope, and cannot be bypassed.

`ScopedAPIMixin.initial` authenticates the caller (session or API key), then opens the scope
(config.tenancy) that the view's queries, serializers and permission checks run in; the scope is
closed in `finalize_response`, which DRF calls on every path out of `dispatch`. A user-level view
(/me/, /me/notifications/) reads the caller's own rows; `orgs.api.base.OrgScopedViewSet` opens
the org of the URL instead.

The methods a base lists in `final_methods` are final in fact: a subclass that defines one fails
at import with TypeError, so no view can skip the scope or the org filter.
"""

from __future__ import annotations

from contextlib import ExitStack

from config import tenancy


class ScopedAPIMixin:
    final_methods = frozenset({"initial", "finalize_response", "dispatch"})

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for base in cls.__mro__[1:]:
            final = base.__dict__.get("final_methods", ())
            overridden = sorted(name for name in final if name in cls.__dict__)
            if overridden:
                raise TypeError(
                    f"{cls.__module__}.{cls.__qualname__} may not define {', '.join(overridden)}:"
                    f" {base.__qualname__} makes {'it' if len(overridden) == 1 else 'them'} final"
                    " (config/api.py)."
                )

    def open_scope(self, request, **kwargs):
        """The scope this call runs in: the caller's own rows (staff: the same)."""
        return tenancy.user_scope(user=request.user)

    def initial(self, request, *args, **kwargs):
        request.user  # noqa: B018 - authenticate first: the scope is the caller's
        self._tenancy = ExitStack()
        self._tenancy.enter_context(self.open_scope(request, **kwargs))
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        try:
            return super().finalize_response(request, response, *args, **kwargs)
        finally:
            stack = getattr(self, "_tenancy", None)
            if stack is not None:
                stack.close()
