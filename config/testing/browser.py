"""Playwright driving Debian's Chromium against pytest-django's live server: the fixtures of
every app's browser journeys (<app>/tests/browser/), a pytest plugin the root conftest loads."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


# Per module, not per session: the sync API's event loop runs in this thread while Chromium is
# open, and the ASGI tests (async_to_sync) refuse to run beside a running loop.
@pytest.fixture(scope="module")
def chromium():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM}; CI requires the browser tests.")
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # The sync Playwright API runs an event loop in this thread; the ORM must still be usable.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


# Every page runs under the real Content-Security-Policy (config/settings/base.py). A violation
# is reported twice: Chromium logs "Refused to …" on the console, and the page's
# securitypolicyviolation event is forwarded to the console by this script.
_REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} `
    + `at ${e.sourceFile || document.location.href}:${e.lineNumber} ${e.sample || ""}`);
});
"""


def _is_csp_violation(text: str) -> bool:
    return text.startswith("CSP violation:") or "Content Security Policy" in text


@pytest.fixture
def csp_violations():
    """What the browser refused under the Content-Security-Policy; must be empty at the end."""
    violations: list[str] = []
    yield violations
    assert violations == [], "Content-Security-Policy violations:\n" + "\n".join(violations)


@pytest.fixture
def page(chromium, live_server, csp_violations):
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    context.add_init_script(_REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    page.on(
        "console",
        lambda message: (
            csp_violations.append(f"{page.url}: {message.text}")
            if _is_csp_violation(message.text)
            else None
        ),
    )
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def screenshot(page, request):
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name: str) -> Path:
        path = ARTIFACTS / f"{request.node.name}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def sign_in(page, live_server, user) -> None:
    """The browser carries a session of `user` (made by Django's own login), without the form."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
