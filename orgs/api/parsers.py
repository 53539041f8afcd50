"""The API's body parsers: every body is checked here, before any view or serializer runs.

JSON deeper than config.safe_json.MAX_DEPTH answers 400 before `json` recurses. A lone surrogate,
in a key or a value, answers 400 naming the field: it could not be stored (UnicodeEncodeError)
nor even echoed back in an error message. NUL is refused by the serializers
(config.api.StrictFieldsMixin), so that it is reported together with the other field errors.
"""

from __future__ import annotations

from rest_framework import exceptions, parsers
from rest_framework.utils import json

from config import safe_json


def refuse_unsafe_text(data, *, checked: bool = True):
    """`data`, or a 400 naming the first field holding a lone surrogate."""
    found = safe_json.unsafe_text_path(data, nul=False) if checked else None
    if found is not None:
        path, message = found
        raise exceptions.ValidationError({path: [message]})
    return data


class SafeJSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = parsers.get_encoding(parser_context or {})
        try:
            text = stream.read().decode(encoding)
            data = safe_json.loads(
                text, parse_constant=json.strict_constant if self.strict else None
            )
        except safe_json.JSONTooDeep as exc:
            raise exceptions.ParseError(str(exc)) from None
        except ValueError as exc:  # also UnicodeDecodeError
            raise exceptions.ParseError(f"JSON parse error - {exc}") from None
        return refuse_unsafe_text(data, checked=safe_json.may_hold_unsafe_text(text, nul=False))


class SafeFormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return refuse_unsafe_text(super().parse(stream, media_type, parser_context))


class SafeMultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        result = super().parse(stream, media_type, parser_context)
        refuse_unsafe_text(result.data)
        return result
