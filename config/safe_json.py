"""Untrusted JSON and text, checked before they reach Python's recursion or PostgreSQL.

`json.loads` recurses once per nesting level, so `[[[[…]]]]` a few thousand deep raises
RecursionError (a 500) before any validation runs; `loads` refuses such a body first, with a
linear scan of the text that never recurses. PostgreSQL refuses NUL in text and jsonb (a
DataError) and a lone surrogate cannot be encoded to UTF-8 (UnicodeEncodeError): both are
valid JSON (`"\\u0000"`, `"\\ud800"`), so `unsafe_text_path` finds them in parsed data and names
where they are, for a field error. The API's parsers and any view that reads a body itself use
these helpers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

MAX_DEPTH = 32
NUL_MESSAGE = "Null characters are not allowed."
SURROGATE_MESSAGE = "Unpaired surrogate characters are not allowed."
KEY_MESSAGE = "Field names may not contain null or unpaired surrogate characters."

# Every byte but quotes and brackets, deleted in one C-speed pass (bytes.translate); curly
# brackets become square ones, since only the depth matters.
_DROP = bytes(byte for byte in range(256) if byte not in b'"[]{}')
_SAME_BRACKETS = bytes.maketrans(b"{}", b"[]")
# Only an escape can put NUL or a lone surrogate into parsed JSON (strict JSON refuses raw control
# characters, and UTF-8 decoding refuses encoded surrogates), so a body without one needs no walk.
_SUSPECT_ESCAPE = re.compile(r"\\u(?:0000|[dD][89a-fA-F])")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_BAD_CHAR = re.compile("[\x00\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def text_is_storable(value: str) -> bool:
    """False for text PostgreSQL cannot store or compare: NUL or a lone surrogate."""
    return _BAD_CHAR.search(value) is None


class JSONTooDeep(ValueError):
    def __init__(self, max_depth: int = MAX_DEPTH):
        super().__init__(f"JSON nested deeper than {max_depth} levels is not accepted.")


def nesting_depth(text: str, *, limit: int = MAX_DEPTH) -> int:
    """How deep arrays and objects nest in `text` (brackets inside strings do not count).

    Exact for well-formed JSON up to `limit`, never less than the truth, and above `limit` only
    "more than `limit`". Linear, in C-speed byte passes, never recursive: escaped backslashes
    and quotes go first, then every byte but quotes and brackets, then what is inside quotes.
    Each pass then removes the innermost `[]` pairs, so the passes count the depth (a run of
    more than `limit` opening brackets ends the count at once). What no pass
    can shorten is `]]…[[…`: malformed JSON, whose opening brackets are counted on top. A
    backslash outside a string is invalid JSON: the parser stops there, so a miscount after it
    cannot let the parser recurse deeper than counted.
    """
    raw = text.encode("utf-8", "surrogatepass").replace(b"\\\\", b"").replace(b'\\"', b"")
    structure = raw.translate(_SAME_BRACKETS, _DROP)
    remaining = b"".join(structure.split(b'"')[::2])
    passes, too_deep = 0, b"[" * (limit + 1)
    while remaining and passes <= limit:
        if too_deep in remaining:  # the plain attack, [[[[…, found in one search
            return passes + limit + 1
        shorter = remaining.replace(b"[]", b"")
        if shorter == remaining:
            break
        remaining, passes = shorter, passes + 1
    return passes + remaining.count(b"[")


def loads(text: str | bytes, *, max_depth: int = MAX_DEPTH, **kwargs: Any) -> Any:
    """`json.loads`, refusing nesting deeper than `max_depth` (JSONTooDeep, a ValueError)."""
    if isinstance(text, bytes | bytearray):
        text = text.decode("utf-8")
    if nesting_depth(text, limit=max_depth) > max_depth:
        raise JSONTooDeep(max_depth)
    return json.loads(text, **kwargs)


def may_hold_unsafe_text(text: str, *, nul: bool = True) -> bool:
    """False when JSON `text` cannot parse to a lone surrogate (or NUL): the common case."""
    escape, char = (_SUSPECT_ESCAPE, _BAD_CHAR) if nul else (_SURROGATE_ESCAPE, _SURROGATE)
    return bool(escape.search(text)) or bool(char.search(text))


def _problem(value: str, pattern: re.Pattern = _BAD_CHAR) -> str | None:
    match = pattern.search(value)
    if match is None:
        return None
    return NUL_MESSAGE if match.group() == "\x00" else SURROGATE_MESSAGE


def _children(value: Any) -> list[tuple[Any, Any]] | None:
    if hasattr(value, "lists"):  # QueryDict: every value of a repeated key
        return [(key, items) for key, items in value.lists()]
    if isinstance(value, Mapping):
        return list(value.items())
    if isinstance(value, list | tuple):
        return list(enumerate(value))
    return None


def unsafe_text_path(data: Any, *, nul: bool = True) -> tuple[str, str] | None:
    """(path, message) of the first string, key or value, holding NUL or a lone surrogate
    (only a lone surrogate with `nul=False`).

    The path joins keys and list indexes with dots ("answers.q1", "statements.2"); a bad key is
    reported at its parent (never echoed back: a lone surrogate cannot be encoded in a response).
    The walk is iterative, so any depth is safe; it visits each node once.
    """
    pattern = _BAD_CHAR if nul else _SURROGATE
    stack: list[tuple[tuple[str, ...], Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            message = _problem(value, pattern)
            if message:
                return ".".join(path) or "non_field_errors", message
            continue
        children = _children(value)
        if children is None:
            continue
        for key, child in reversed(children):
            if isinstance(key, str) and _problem(key, pattern):
                return ".".join(path) or "non_field_errors", KEY_MESSAGE
            stack.append(((*path, str(key)), child))
    return None
