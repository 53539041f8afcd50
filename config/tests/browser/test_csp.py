"""The Content-Security-Policy is on in the browser tests, and a violation fails them."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_page_is_served_with_the_strict_policy(page):
    response = page.goto("/accounts/login/")

    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy


def test_an_inline_style_or_script_is_caught_as_a_violation(page, csp_violations):
    page.goto("/")
    page.evaluate(
        """() => {
          document.head.insertAdjacentHTML("beforeend", "<style>body { color: red }</style>");
          const s = document.createElement("script");
          s.textContent = "window.ran = true";
          document.body.appendChild(s);
        }"""
    )
    page.wait_for_timeout(200)

    assert page.evaluate("window.ran") is None  # the inline script did not run
    assert any("style-src" in v for v in csp_violations), csp_violations
    assert any("script-src" in v for v in csp_violations), csp_violations
    csp_violations.clear()  # caught, as expected: the fixture's own check passes
