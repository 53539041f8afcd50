"""Production serving: scripts/serve, its Dockerfile and compose.yaml, ASGI, stateless web.

There is no Docker engine here, so the image and the compose file are read, not run: they must
parse and run the same sub-commands of scripts/serve as a host does. `.ci/run` starts the real
server and probes it (scripts/serving_probe.py).
"""

from __future__ import annotations

import contextvars
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from asgiref.sync import async_to_sync
from django.test import AsyncClient

from config.tests.test_deploy_check import production_env

ROOT = Path(__file__).resolve().parents[2]
SERVE = ROOT / "scripts" / "serve"
APP_ROLES = {"web", "worker", "beat"}


def serve_subcommands() -> set[str]:
    """The sub-commands scripts/serve accepts (its argument check)."""
    match = re.search(r'case "\$role" in\n\s*([a-z|]+)\) ;;', SERVE.read_text(encoding="utf-8"))
    assert match, "scripts/serve checks its argument in one `case` line"
    return set(match[1].split("|"))


def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text(encoding="utf-8"))
    rows = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            instruction, _, rest = line.partition(" ")
            rows.append((instruction.upper(), rest.strip()))
    return rows


def instruction(name: str) -> list[str]:
    return [rest for found, rest in dockerfile() if found == name]


def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))


# --- scripts/serve ------------------------------------------------------------------------------


def test_scripts_serve_is_an_executable_bash_script_with_the_documented_subcommands():
    assert os.access(SERVE, os.X_OK)
    subprocess.run(["bash", "-n", str(SERVE)], check=True)
    assert serve_subcommands() == {"setup", "web", "worker", "beat", "all"}
    text = SERVE.read_text(encoding="utf-8")
    assert "exec .venv/bin/gunicorn -c config/gunicorn.conf.py" in text
    assert "exec .venv/bin/celery -A config worker" in text
    assert "exec .venv/bin/celery -A config beat" in text


def _serving_check(role: str, **env: str) -> subprocess.CompletedProcess:
    # Only what is given: nothing from the test run's environment (DEBUG, DATABASE_URL, …).
    base = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp")}
    return subprocess.run(
        [sys.executable, "-m", "config.serving", "check", role],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_refuses_to_serve_a_development_environment():
    result = _serving_check("worker", DEBUG="true")

    assert result.returncode == 1
    for variable in ("DEBUG is true", "SECRET_KEY is unset", "DATABASE_URL is unset", "REDIS_URL"):
        assert variable in result.stderr


def test_a_production_environment_passes_and_only_the_web_process_may_go_without_redis():
    ready = {"SECRET_KEY": "k" * 50, "DATABASE_URL": "postgres://u@db:5432/growth"}

    assert _serving_check("all", **ready, REDIS_URL="redis://redis:6379/0").returncode == 0
    web = _serving_check("web", **ready)
    assert web.returncode == 0 and "warning: REDIS_URL is unset" in web.stderr
    assert _serving_check("beat", **ready).returncode == 1


def _gunicorn_settings(**env: str) -> dict:
    code = (
        "import json, runpy; s = runpy.run_path('config/gunicorn.conf.py'); "
        "print(json.dumps({k: v for k, v in s.items() if k.islower() and not k.startswith('_') "
        "and isinstance(v, (str, int, bool, list, type(None)))}))"
    )
    base = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_gunicorn_runs_the_asgi_application_in_uvicorn_workers_sized_by_the_environment():
    settings = _gunicorn_settings(WEB_CONCURRENCY="3", HOST="0.0.0.0", PORT="9100")

    assert settings["wsgi_app"] == "config.asgi:application"
    assert settings["worker_class"] == "uvicorn_worker.UvicornWorker"
    assert settings["workers"] == 3
    assert settings["bind"] == ["0.0.0.0:9100"]
    assert settings["control_socket_disable"] is True
    assert _gunicorn_settings()["bind"] == ["127.0.0.1:8000"]


def test_a_bad_worker_count_stops_start_up_naming_the_variable():
    code = "import runpy; runpy.run_path('config/gunicorn.conf.py')"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", ""), "WEB_CONCURRENCY": "many"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0 and "WEB_CONCURRENCY" in result.stderr


def test_the_worker_class_and_the_asgi_application_import():
    import uvicorn_worker

    from config import asgi

    assert callable(asgi.application)
    assert uvicorn_worker.UvicornWorker.CONFIG_KWARGS["loop"] in {"auto", "uvloop"}


# --- Dockerfile and compose.yaml ----------------------------------------------------------------


def test_the_image_runs_scripts_serve_web_by_default():
    assert json.loads(instruction("ENTRYPOINT")[-1]) == ["scripts/serve"]
    assert json.loads(instruction("CMD")[-1]) == ["web"]
    assert "web" in serve_subcommands()


def test_the_image_installs_the_way_scripts_serve_sets_up():
    assert "bash scripts/_setup.sh" in instruction("RUN")
    python = re.match(r"python:(\d+)\.(\d+)", instruction("FROM")[0])
    assert python and (int(python[1]), int(python[2])) >= (3, 11)
    for copied in instruction("COPY"):
        for source in shlex.split(copied)[:-1]:
            if not source.startswith("--"):
                assert (ROOT / source).exists(), source
    env = " ".join(instruction("ENV"))
    assert "HOST=0.0.0.0" in env and "PORT=8000" in env


def test_the_image_and_compose_check_health_the_same_way():
    healthcheck = instruction("HEALTHCHECK")[0]
    assert "scripts/serving_probe.py health" in healthcheck
    web = compose()["services"]["web"]["healthcheck"]["test"]
    assert web[:4] == ["CMD", ".venv/bin/python", "scripts/serving_probe.py", "health"]
    assert web[4] == f"http://127.0.0.1:{compose()['services']['web']['environment']['PORT']}"


def test_compose_runs_each_process_as_a_subcommand_of_scripts_serve():
    services = compose()["services"]
    assert set(services) == APP_ROLES | {"db", "redis"}
    for role in APP_ROLES:
        service = services[role]
        assert service["entrypoint"] == ["scripts/serve"], role
        assert service["command"] == [role], role
        assert service["command"][0] in serve_subcommands()
        assert service["build"] == "."
        assert ".env" in service["env_file"]
        assert service["environment"]["DATABASE_URL"].endswith("@db:5432/growth}")
        assert "redis:6379" in service["environment"]["REDIS_URL"]


def test_every_compose_service_has_a_healthcheck_and_waits_for_what_it_needs():
    services = compose()["services"]
    for name, service in services.items():
        assert service["healthcheck"]["test"], name
    assert services["web"]["depends_on"] == {
        "db": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
    }
    for role in ("worker", "beat"):  # after the web service's set-up has migrated
        assert services[role]["depends_on"]["web"]["condition"] == "service_healthy"
    assert services["beat"]["deploy"]["replicas"] == 1


def test_web_processes_share_uploaded_files():
    volumes = compose()["services"]["web"]["volumes"]
    assert any(volume.endswith(":/app/var/media") for volume in volumes)


# --- No web process keeps state of its own ------------------------------------------------------


def _production_settings(**overrides: str) -> dict:
    env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp")}
    env.update(production_env())
    env.update(SECRET_KEY="k" * 50, DJANGO_SETTINGS_MODULE="config.settings.base", **overrides)
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'cache': s.CACHES['default']['BACKEND'], "
        "'location': s.CACHES['default'].get('LOCATION'), 'sessions': s.SESSION_ENGINE, "
        "'db': {k: s.DATABASES['default'][k] for k in ('CONN_MAX_AGE', 'OPTIONS')}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_with_redis_the_cache_is_shared_and_sessions_live_in_the_database():
    settings = _production_settings(REDIS_URL="redis://redis.internal:6379/0")

    assert settings["cache"] == "config.cache.FallbackRedisCache"
    assert settings["location"] == "redis://redis.internal:6379/0"
    assert "locmem" not in settings["cache"].lower()
    # Shared by every process: the database (a Redis outage keeps everybody signed in).
    assert settings["sessions"] in {
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    }


def test_the_web_process_keeps_its_database_connections_in_a_pool():
    # scripts/serve web sets these: under ASGI a persistent connection per request thread leaks.
    settings = _production_settings(
        REDIS_URL="redis://redis.internal:6379/0", DB_CONN_MAX_AGE="0", DB_POOL_SIZE="4"
    )

    assert settings["db"]["CONN_MAX_AGE"] == 0
    assert settings["db"]["OPTIONS"]["pool"]["max_size"] == 4
    assert 'DB_POOL_SIZE="${DB_POOL_SIZE:-4}"' in SERVE.read_text(encoding="utf-8")


# --- The ASGI application -----------------------------------------------------------------------


def _over_asgi(go):
    """Run `go` through Django's ASGI handler in a fresh context: no tenancy scope of the test's
    own reaches the request, so the portal middleware's scope is the only one."""
    return contextvars.Context().run(async_to_sync(go))


@pytest.mark.django_db(transaction=True)
def test_under_asgi_a_member_reads_an_org_page_and_the_api_answers(alice, acme):
    async def go():
        client = AsyncClient()
        anonymous = await client.get("/api/v1/me/")
        health = await client.get("/health/")
        admin_login = await client.get("/admin/login/")
        await client.aforce_login(alice)
        page = await client.get(f"/dashboard/{acme.slug}/")
        me = await client.get("/api/v1/me/")
        stranger = await client.get("/dashboard/globex-unknown/")
        return anonymous, health, admin_login, page, me, stranger

    anonymous, health, admin_login, page, me, stranger = _over_asgi(go)

    assert anonymous.status_code in (401, 403) and anonymous["Content-Type"] == "application/json"
    assert health.status_code == 200
    assert admin_login.status_code == 200
    assert page.status_code == 200 and acme.name in page.content.decode()
    assert me.status_code == 200 and me.json()["email"] == alice.email
    assert stranger.status_code == 404
