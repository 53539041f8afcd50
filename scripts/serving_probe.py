"""Probe a running `scripts/serve web`: the serving checks of CI, and a worker's memory.

    .venv/bin/python scripts/serving_probe.py check http://127.0.0.1:8000
    .venv/bin/python scripts/serving_probe.py memory http://127.0.0.1:8000 --requests 1000
    .venv/bin/python scripts/serving_probe.py health http://127.0.0.1:8000

`health` is the container's health check: /health/ answers 200, asked with the first of
ALLOWED_HOSTS as the Host header (a production host list need not hold 127.0.0.1).

`check` asks what an operator's smoke test would (standard library only, loopback only):
/health/ answers 200, the login page 200, a hashed static file 200 with a far-future cache
header, the API refuses an anonymous caller with JSON and serves its schema; with
`--login EMAIL` (a demo login, password DEMO_PASSWORD) it signs in and reads an org page.
Exit status 1 names each check that failed.

`memory` signs in as a demo user, sends a bounded mix of requests (pages, an org page, the API,
a static file, /health/) and prints the resident memory of each web worker (RSS, and USS: the
pages that are the worker's own, not shared with the arbiter), read from /proc.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-growth-2026")


class Client:
    def __init__(self, base: str) -> None:
        parts = urllib.parse.urlsplit(base)
        if parts.scheme != "http" or parts.hostname not in {"127.0.0.1", "localhost", "::1"}:
            raise SystemExit(f"refusing to probe {base}: http on loopback only")
        self.base = base.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def get(self, path: str, **headers: str) -> tuple[int, dict, bytes]:
        request = urllib.request.Request(self.base + path, headers=headers)  # noqa: S310 (http only)
        return self._send(request)

    def post(self, path: str, data: dict) -> tuple[int, dict, bytes]:
        body = urllib.parse.urlencode(data).encode()
        headers = {"Referer": self.base + path, "X-CSRFToken": self.cookie("csrftoken") or ""}
        request = urllib.request.Request(self.base + path, body, headers=headers)  # noqa: S310
        return self._send(request)

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)

    def _send(self, request) -> tuple[int, dict, bytes]:
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()
        except (urllib.error.URLError, OSError):  # not listening (yet), or the connection broke
            return 0, {}, b""

    def login(self, email: str) -> bool:
        status, _, page = self.get("/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not token:
            return False
        status, headers, _ = self.post(
            "/accounts/login/",
            {"csrfmiddlewaretoken": token[1].decode(), "login": email, "password": DEMO_PASSWORD},
        )
        return status == 302 and self.cookie("sessionid") is not None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def static_path(client: Client) -> str | None:
    _, _, page = client.get("/accounts/login/")
    found = re.search(rb'(/static/[^"]+\.[0-9a-f]{12}\.css)"', page)
    return found[1].decode() if found else None


def run_checks(client: Client, login: str | None, org_slug: str) -> list[str]:
    failures: list[str] = []

    def expect(name: str, ok: bool, detail: str) -> None:
        print(f"{'ok  ' if ok else 'FAIL'} {name}: {detail}")
        if not ok:
            failures.append(name)

    status, _, body = client.get("/health/")
    expect("health", status == 200, f"{status} {body[:120].decode(errors='replace')}")
    status, _, body = client.get("/accounts/login/")
    expect("login page", status == 200 and b"<form" in body, str(status))
    css = static_path(client)
    if css is None:
        expect("static file", False, "no hashed stylesheet on the login page")
    else:
        status, headers, _ = client.get(css)
        cache = {k.lower(): v for k, v in headers.items()}.get("cache-control", "")
        far = re.search(r"max-age=(\d+)", cache)
        ok = status == 200 and far is not None and int(far[1]) >= 31_536_000
        expect("static file", ok, f"{css} {status} cache-control: {cache}")
    status, headers, body = client.get("/api/v1/me/", Accept="application/json")
    kind = {k.lower(): v for k, v in headers.items()}.get("content-type", "")
    expect("api anonymous", status in (401, 403) and "json" in kind, f"{status} {kind}")
    status, _, body = client.get("/api/schema/")
    expect("api schema", status == 200 and b"openapi" in body[:200], str(status))
    if login:
        signed_in = client.login(login)
        expect("login", signed_in, login)
        status, _, body = client.get(f"/dashboard/{org_slug}/")
        expect(f"org page /dashboard/{org_slug}/", status == 200 and b"<html" in body, str(status))
        status, _, body = client.get("/api/v1/me/", Accept="application/json")
        ok = status == 200 and login.encode() in body
        expect("api signed in", ok, f"{status} {body[:80].decode(errors='replace')}")
    return failures


def worker_memory(arbiter_pid: int) -> list[tuple[int, float, float]]:
    """(pid, RSS MiB, USS MiB) of each child of the gunicorn arbiter."""
    children = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
        if ppid == arbiter_pid:
            children.append(int(entry))
    rows = []
    for pid in sorted(children):
        fields = {}
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                name, _, rest = line.partition(":")
                if rest.strip().endswith("kB"):
                    fields[name] = int(rest.split()[0])
        uss = fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
        rows.append((pid, fields.get("Rss", 0) / 1024, uss / 1024))
    return rows


def run_memory(client: Client, arbiter_pid: int, count: int, login: str, org: str) -> None:
    if not client.login(login):
        raise SystemExit(f"could not sign in as {login}")
    css = static_path(client) or "/static/css/portal.css"
    paths = [
        f"/dashboard/{org}/",
        f"/assessments/{org}/",
        f"/orgs/{org}/members/",
        "/notifications/",
        "/api/v1/me/",
        "/api/v1/orgs/",
        f"/api/v1/orgs/{org}/members/",
        "/health/",
        css,
    ]
    print("before:", _format(worker_memory(arbiter_pid)))
    started, statuses = time.monotonic(), {}
    for number in range(count):
        status, _, _ = client.get(paths[number % len(paths)], Accept="text/html,application/json")
        statuses[status] = statuses.get(status, 0) + 1
    elapsed = time.monotonic() - started
    print(f"{count} requests in {elapsed:.1f} s, statuses {json.dumps(statuses)}")
    print("after: ", _format(worker_memory(arbiter_pid)))


def _first_allowed_host() -> str:
    first = os.environ.get("ALLOWED_HOSTS", "").split(",")[0].strip().lstrip(".")
    return first if first and first != "*" else "localhost"


def _format(rows) -> str:
    return "; ".join(f"pid {pid} RSS {rss:.0f} MiB USS {uss:.0f} MiB" for pid, rss, uss in rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["check", "memory", "health"])
    parser.add_argument("base", help="e.g. http://127.0.0.1:8000")
    parser.add_argument("--login", help="a demo login to sign in with")
    parser.add_argument("--org", default="acme", help="the slug of one of its organisations")
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--arbiter-pid", type=int, help="gunicorn's main process (memory)")
    args = parser.parse_args()
    client = Client(args.base)
    if args.mode == "health":
        status, _, _ = client.get("/health/", Host=_first_allowed_host())
        return 0 if status == 200 else 1
    if args.mode == "check":
        failures = run_checks(client, args.login, args.org)
        print(f"{'FAILED: ' + ', '.join(failures) if failures else 'every serving check passed'}")
        return 1 if failures else 0
    if not args.arbiter_pid:
        parser.error("memory needs --arbiter-pid")
    run_memory(
        client,
        args.arbiter_pid,
        min(args.requests, 100_000),
        args.login or "olivia@acme.example",
        args.org,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
