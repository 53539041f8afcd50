"""Production start-up for `scripts/serve`: refuse a development environment, then set up once.

    python -m config.serving check web|worker|beat|all
    python -m config.serving setup

`check` reads the same environment as the settings (`.env` included) and names every variable
that a production process needs and lacks: DEBUG must be false, SECRET_KEY and DATABASE_URL set
(the embedded PostgreSQL is for development), REDIS_URL set for the worker and beat (without it
tasks run inside the request and there is nothing to work on). The web process without Redis is
allowed with a warning (its cache is then its own memory: rate limits count per process).

`setup` migrates, loads new question-bank versions and collects static files, holding a
PostgreSQL advisory lock: N web processes started together run it one after the other, and the
ones after the first find nothing to do.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

ROLES = ("web", "worker", "beat", "all")
# pg_advisory_lock key: "growthplatform setup" (any constant shared by every web process).
SETUP_LOCK_KEY = 7_300_417_017


def problems(role: str) -> tuple[list[str], list[str]]:
    """(errors, warnings) of the environment for `role`."""
    from config.env import env_bool, env_str

    errors, warnings = [], []
    if env_bool("DEBUG", False):
        errors.append(
            "DEBUG is true: scripts/serve runs production; use scripts/portal to develop."
        )
    if not env_str("SECRET_KEY", ""):
        errors.append(
            "SECRET_KEY is unset: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    if not env_str("DATABASE_URL", ""):
        errors.append("DATABASE_URL is unset: production needs its own PostgreSQL server.")
    if not env_str("REDIS_URL", ""):
        if role in ("worker", "beat", "all"):
            errors.append(f"REDIS_URL is unset: the {role} process needs the Redis broker.")
        else:
            warnings.append(
                "REDIS_URL is unset: tasks run inside requests and the cache is this process's "
                "memory, so several web processes do not share rate limits."
            )
    return errors, warnings


def check(role: str) -> int:
    errors, warnings = problems(role)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    return 1 if errors else 0


def setup() -> int:
    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [SETUP_LOCK_KEY])
        try:
            call_command("migrate", interactive=False, verbosity=1)
            call_command("load_question_banks")
            call_command("collectstatic", interactive=False, verbosity=1)
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [SETUP_LOCK_KEY])
    return 0


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "check" and argv[1] in ROLES:
        return check(argv[1])
    if argv == ["setup"]:
        return setup()
    print("usage: python -m config.serving check web|worker|beat|all | setup", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
