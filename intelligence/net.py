"""Fetching a feed URL safely: which URLs may be fetched at all (SSRF), and the HTTP fetch itself
(timeouts, a size cap, conditional GET, a User-Agent, a few redirects).

SSRF. A source's URL must be http(s) and every address its host resolves to must be public:
private, loopback, link-local, multicast, reserved, unspecified and other non-global addresses
are refused (IPv4-mapped IPv6 is judged by its IPv4 address). `check_url` says so when staff save
a source (FeedSource.clean) and the fetch checks again, at connect time: `SafeTransport` gives
httpx a network backend that resolves the host itself, checks every address and connects to a
checked address, so what was checked is what is connected to -- a DNS answer that changes
between the check and the connection (DNS rebinding) cannot slip a private address in, and each
redirect's host is checked the same way when it is connected to. TLS still verifies the
certificate against the host name (the backend only chooses the address). Proxies from the
environment are ignored (a proxy would be the one connecting). INTELLIGENCE_ALLOW_LOOPBACK_FEEDS
(off by default) lets the tests and the demo fetch from 127.0.0.1/::1; nothing else is allowed.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpcore
import httpx
from django.conf import settings

SCHEMES = ("http", "https")
MAX_REDIRECTS = 5


class UnsafeURL(ValueError):
    """A URL that must not be fetched: not http(s), no host, or a non-public address."""


class FetchError(Exception):
    """A fetch that failed; the message is what the admin shows as the source's last error."""


class TooLarge(FetchError):
    pass


def loopback_allowed() -> bool:
    return bool(getattr(settings, "INTELLIGENCE_ALLOW_LOOPBACK_FEEDS", False))


def address_refusal(address: str) -> str:
    """Why `address` may not be connected to, or "" when it may."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return "" if loopback_allowed() else "a loopback address"
    for kind in ("unspecified", "link_local", "multicast", "reserved", "private"):
        if getattr(ip, f"is_{kind}"):
            return f"a {kind.replace('_', '-')} address"
    return "" if ip.is_global else "a non-public address"


def resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnsafeURL(f"The host {host} does not resolve.") from exc
    return list(dict.fromkeys(info[4][0] for info in infos))


def checked_addresses(host: str, port: int) -> list[str]:
    """Every address `host` resolves to, when all of them are allowed; else UnsafeURL."""
    addresses = resolve(host, port)
    for address in addresses:
        refusal = address_refusal(address)
        if refusal:
            raise UnsafeURL(f"The host {host} resolves to {address}, {refusal}.")
    return addresses


def check_url(url: str) -> list[str]:
    """Refuse a URL that may not be fetched (UnsafeURL); the checked addresses otherwise."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise UnsafeURL("Not a valid URL.") from exc
    if parts.scheme.lower() not in SCHEMES:
        raise UnsafeURL("Only http and https URLs can be fetched.")
    if not parts.hostname:
        raise UnsafeURL("The URL has no host.")
    return checked_addresses(parts.hostname, port)


class _CheckedBackend(httpcore.SyncBackend):
    """Connects only to an address it has just checked (see the module's docstring)."""

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        last: Exception | None = None
        for address in checked_addresses(host, port):
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:  # try the host's next address
                last = exc
        raise last or httpcore.ConnectError(f"No address of {host} answered.")


class SafeTransport(httpx.HTTPTransport):
    """httpx's transport with the checking network backend (one pool per fetch)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._pool = httpcore.ConnectionPool(
            ssl_context=self._pool._ssl_context,
            max_connections=2,
            retries=0,
            network_backend=_CheckedBackend(),
        )


@dataclass(frozen=True)
class Fetched:
    status: int  # 200, or 304 (not modified: body empty)
    body: bytes
    content_type: str
    etag: str
    last_modified: str
    url: str  # after redirects


def fetch(url: str, *, etag: str = "", last_modified: str = "") -> Fetched:
    """GET `url` with the validators of the previous fetch. FetchError (or UnsafeURL) when it
    cannot be read: refused, connection refused, timeout, too many redirects, an HTTP error
    status, or a body over INTELLIGENCE_FEED_MAX_BYTES."""
    check_url(url)
    headers = {"User-Agent": settings.INTELLIGENCE_FEED_USER_AGENT, "Accept": ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    timeout = httpx.Timeout(
        settings.INTELLIGENCE_FEED_READ_TIMEOUT, connect=settings.INTELLIGENCE_FEED_CONNECT_TIMEOUT
    )
    limit = settings.INTELLIGENCE_FEED_MAX_BYTES
    deadline = time.monotonic() + settings.INTELLIGENCE_FEED_TOTAL_SECONDS
    try:
        with (
            httpx.Client(
                transport=SafeTransport(),
                timeout=timeout,
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
                trust_env=False,
                headers=headers,
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code == 304:
                return _fetched(response, b"")
            if response.status_code >= 400:
                raise FetchError(f"HTTP {response.status_code} from {response.url}.")
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limit:
                raise TooLarge(f"The feed is {int(declared):,} bytes, over the {limit:,} cap.")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise TooLarge(f"The feed is over the {limit:,}-byte cap.")
                if time.monotonic() > deadline:
                    raise FetchError("The feed took too long to download.")
                chunks.append(chunk)
            return _fetched(response, b"".join(chunks))
    except httpx.TooManyRedirects as exc:
        raise FetchError(f"Too many redirects (a loop?): {exc}") from exc
    except httpx.TimeoutException as exc:
        raise FetchError(f"Timed out ({type(exc).__name__}).") from exc
    except httpx.ConnectError as exc:
        raise FetchError(f"Could not connect: {exc or 'connection refused'}.") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"{type(exc).__name__}: {exc}") from exc


ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"
)


def _fetched(response: httpx.Response, body: bytes) -> Fetched:
    return Fetched(
        status=response.status_code,
        body=body,
        content_type=response.headers.get("Content-Type", ""),
        etag=response.headers.get("ETag", ""),
        last_modified=response.headers.get("Last-Modified", ""),
        url=str(response.url),
    )
