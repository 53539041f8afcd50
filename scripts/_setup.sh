# Shared set-up for scripts/portal and scripts/test; sourced, not run.
# Idempotent: the virtual environment is reused and reinstalled only when pyproject.toml changes.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PYTHON="${PYTHON:-}"
if [ -z "$PYTHON" ]; then
  for candidate in python3.11 python3.12 python3.13 python3; do
    if command -v "$candidate" >/dev/null 2>&1 \
       && "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
      PYTHON="$candidate"; break
    fi
  done
fi
[ -n "$PYTHON" ] || { echo "Python 3.11 or newer is required (set PYTHON=/path/to/python3.11)." >&2; exit 1; }

if [ ! -x .venv/bin/python ]; then
  echo "==> Creating the virtual environment (.venv) with $PYTHON"
  "$PYTHON" -m venv .venv
fi

stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "==> Installing dependencies (pyproject.toml)"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e '.[dev]'
  rm -f .venv/.installed-*
  touch "$stamp"
fi

if [ -z "${DATABASE_URL:-}" ]; then
  echo "==> DATABASE_URL is unset: using the embedded PostgreSQL in ${EMBEDDED_PG_DIR:-.pgdata}/"
else
  echo "==> Using DATABASE_URL=${DATABASE_URL%%\?*}" | sed -E 's#//([^:/@]+):[^@]*@#//\1:***@#'
fi
if [ -z "${REDIS_URL:-}" ]; then
  echo "==> REDIS_URL is unset: local-memory cache, Celery tasks run in process"
fi
