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

from rest_framework import permissions, serializers

from config import safe_json, tenancy


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


class RefuseApiKeys(permissions.BasePermission):
    """Personal endpoints: a person's data spans organisations, and a key speaks for one.

    The session sets no `request.auth`; an organisation's API key sets its key there.
    """

    message = "This endpoint is personal: sign in to use it; an organisation's API key cannot."

    def has_permission(self, request, view) -> bool:
        return request.auth is None


class StrictFieldsMixin:
    """Refuse keys the client may not write, instead of silently dropping them, and text that
    PostgreSQL cannot store.

    An integrator who sends `org_id`, `owner_id`, `role` or a misspelt field learns at once that
    it had no effect (400 with the field named), and nothing is written. A NUL anywhere in a
    field's value (a JSON answer, a list item, a nested key) is a field error named by its path
    ("answers.q1"), reported with the other field errors, instead of a DataError at save.
    """

    def to_internal_value(self, data):
        if not hasattr(data, "keys"):
            return super().to_internal_value(data)
        writable = {name for name, f in self.fields.items() if not f.read_only}
        unknown = sorted(str(key) for key in data if key not in writable)
        if unknown:
            raise serializers.ValidationError(
                {key: ["This field is read-only or unknown."] for key in unknown}
            )
        unsafe = {}
        for name in data:
            found = safe_json.unsafe_text_path(data[name])
            if found is not None:
                path, message = found
                unsafe[name if path == "non_field_errors" else f"{name}.{path}"] = [message]
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if unsafe and isinstance(exc.detail, dict):
                raise serializers.ValidationError({**exc.detail, **unsafe}) from None
            raise
        if unsafe:
            raise serializers.ValidationError(unsafe)
        return value


class StrictModelSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    pass
