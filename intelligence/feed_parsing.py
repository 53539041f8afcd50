"""From a fetched body to items, and the rules applied to each item before it is stored:
parsing (RSS/Atom by feedparser, JSON Feed by its spec), canonical URLs, near-identical titles,
and industry tagging. Pure functions: no database, no network (intelligence.ingest calls them).
"""

from __future__ import annotations

import calendar
import html
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import feedparser
from django.utils.dateparse import parse_datetime
from rapidfuzz import fuzz, utils

# Titles this similar (rapidfuzz token_set_ratio, 0-100) are the same story...
NEAR_DUPLICATE_SCORE = 92
# ...when their lengths are comparable (token_set_ratio scores a title contained in a longer
# one at 100: "Acme" would match "Acme buys Globex").
NEAR_DUPLICATE_LENGTH_RATIO = 0.8
# Query parameters that only track the click, dropped from canonical URLs.
TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid", "_hsenc"}
)
TRACKING_PREFIXES = ("utm_", "_hs", "pk_", "mtm_")
DEFAULT_PORTS = {"http": 80, "https": 443}
TITLE_MAX = 500
SUMMARY_MAX = 4000


class NotAFeed(ValueError):
    """The body is not RSS, Atom or JSON Feed (an HTML page, garbage, an empty document)."""


@dataclass
class ParsedItem:
    title: str
    url: str
    summary: str = ""
    published_at: datetime | None = None
    industries: list[str] = field(default_factory=list)
    canonical_url: str = ""


def strip_html(text: str) -> str:
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text or "", flags=re.S | re.I)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return re.sub(r"\s+", " ", text).strip()


def _looks_like_html(body: bytes, content_type: str) -> bool:
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return "text/html" in content_type.lower() or head.startswith((b"<!doctype html", b"<html"))


def parse_feed(body: bytes, *, content_type: str = "", kind: str = "rss") -> list[ParsedItem]:
    """The items of an RSS, Atom or JSON Feed document; NotAFeed when it is none of them."""
    if not body.strip():
        raise NotAFeed("Not a feed: the response is empty.")
    head = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if kind == "json" or "json" in content_type.lower() or head in (b"{", b"["):
        return _parse_json_feed(body)
    if _looks_like_html(body, content_type):
        raise NotAFeed("Not a feed: the URL answered with an HTML page.")
    parsed = feedparser.parse(body)
    if not parsed.entries and (parsed.get("bozo") or not parsed.get("version")):
        # Broken XML with entries still yields them (feedparser is tolerant); without any, the
        # source is recorded as failing.
        reason = parsed.get("bozo_exception") or "no RSS or Atom document"
        raise NotAFeed(f"Not a feed: {reason}.")
    items = []
    for entry in parsed.entries:
        title = strip_html(entry.get("title", ""))[:TITLE_MAX]
        link = (entry.get("link") or "").strip()
        if not title or not link:
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        items.append(
            ParsedItem(
                title=title,
                url=link,
                summary=strip_html(entry.get("summary", ""))[:SUMMARY_MAX],
                published_at=datetime.fromtimestamp(calendar.timegm(stamp), UTC) if stamp else None,
            )
        )
    return items


def _parse_json_feed(body: bytes) -> list[ParsedItem]:
    """JSON Feed 1.0/1.1 (jsonfeed.org): version, items[] with url, title, content_text or
    content_html or summary, date_published (RFC 3339)."""
    try:
        document = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise NotAFeed(f"Not a feed: invalid JSON ({exc}).") from exc
    if (
        not isinstance(document, dict)
        or not str(document.get("version", "")).startswith("https://jsonfeed.org/version/")
        or not isinstance(document.get("items"), list)
    ):
        raise NotAFeed("Not a feed: JSON without a JSON Feed version and items.")
    items = []
    for entry in document["items"]:
        if not isinstance(entry, dict):
            continue
        title = strip_html(str(entry.get("title") or ""))[:TITLE_MAX]
        link = str(entry.get("url") or entry.get("external_url") or "").strip()
        if not title or not link:
            continue
        text = entry.get("summary") or entry.get("content_text") or entry.get("content_html")
        published = parse_datetime(str(entry.get("date_published") or "")) or None
        if published and published.tzinfo is None:
            published = published.replace(tzinfo=UTC)
        items.append(
            ParsedItem(
                title=title,
                url=link,
                summary=strip_html(str(text or ""))[:SUMMARY_MAX],
                published_at=published,
            )
        )
    return items


def canonical_url(url: str) -> str:
    """The URL as the same article's other links would be: scheme and host lower-case, the
    default port, fragment and tracking parameters (utm_*, fbclid, ...) dropped, the remaining
    parameters sorted, an empty path as "/"."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    query = sorted(
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key.lower() not in TRACKING_PARAMS and not key.lower().startswith(TRACKING_PREFIXES)
    )
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), ""))


def is_near_duplicate(title: str, others: list[str]) -> bool:
    """True when a title of `others` is the same headline reworded a little."""
    mine = utils.default_process(title)
    for other in others:
        theirs = utils.default_process(other)
        shorter, longer = sorted((len(mine), len(theirs)))
        if not longer or shorter / longer < NEAR_DUPLICATE_LENGTH_RATIO:
            continue
        if fuzz.token_set_ratio(mine, theirs) >= NEAR_DUPLICATE_SCORE:
            return True
    return False


def keyword_pattern(keyword: str) -> re.Pattern:
    """A keyword as a whole word or phrase, any case ("AI" matches "AI," not "retail")."""
    words = r"\s+".join(re.escape(word) for word in keyword.split())
    return re.compile(rf"(?<!\w){words}(?!\w)", re.IGNORECASE)


def tag_industries(
    *, title: str, summary: str, own: list[str], rules: list[tuple[str, str]]
) -> list[str]:
    """The source's own industries, then each industry a keyword rule (industry, keyword)
    finds in the title or summary; no duplicates, in that order."""
    text = f"{title}\n{summary}"
    industries = list(dict.fromkeys(i for i in own if i))
    for industry, keyword in rules:
        if industry not in industries and keyword_pattern(keyword).search(text):
            industries.append(industry)
    return industries
