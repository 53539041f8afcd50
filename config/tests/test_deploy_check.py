"""The production example passes Django's deployment checks, warnings included."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_EXAMPLE = ROOT / ".env.production.example"


def production_env() -> dict[str, str]:
    """The variables of .env.production.example, as a process environment."""
    values = {}
    for line in PRODUCTION_EXAMPLE.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Z0-9_]+)=(.*)$", line)
        if match:
            values[match[1]] = match[2]
    return values


def _run(*args: str, **overrides: str) -> subprocess.CompletedProcess:
    # Nothing inherited from the test run (DEBUG, REDIS_URL, …): only the production example,
    # a generated key and, when the run has one, its database server.
    env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp")}
    env.update(production_env())
    env["SECRET_KEY"] = secrets.token_urlsafe(50)
    if os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    env.update(overrides)
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_the_production_example():
    result = _run("manage.py", "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_production_example_turns_every_https_protection_on():
    env = production_env()
    assert env["DEBUG"] == "false"
    assert env["SECURE_SSL_REDIRECT"] == env["SECURE_COOKIES"] == "true"
    assert int(env["SECURE_HSTS_SECONDS"]) >= 31_536_000
    assert env["SECURE_HSTS_INCLUDE_SUBDOMAINS"] == env["SECURE_HSTS_PRELOAD"] == "true"
    assert env["CSP_REPORT_ONLY"] == "false"
    assert env["SECRET_KEY"] == ""  # a secret never lives in the repository


def test_a_plain_http_smoke_run_turns_off_the_redirect_by_its_variable_alone():
    result = _run(
        "-c",
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)",
        SECURE_SSL_REDIRECT="false",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "31536000"]


def test_every_variable_of_the_production_example_is_one_the_settings_read():
    settings_source = (ROOT / "config" / "settings" / "base.py").read_text(encoding="utf-8")
    read = set(re.findall(r'env_\w+\(\s*"([A-Z0-9_]+)"', settings_source))
    assert sorted(set(production_env()) - read) == []
