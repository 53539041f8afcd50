"""bench/run: seed, serve, load, measure, compare with the targets of issue 17 (docs/benchmarks.md).

    bench/run                      1M rows (and the 10k database beside it for the ratios)
    bench/run --rows 200000        another size
    bench/run --quick              10k rows, short rounds: a smoke test of the harness

Exit status: 0 every target met, 1 a target missed, 2 the harness itself failed.
"""
# ruff: noqa: S603, S607, S310  (the bench starts its own servers and asks them on loopback)

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import time
import traceback
import urllib.error
import urllib.request
from pathlib import Path

import psycopg

from bench import load, seed

ROOT = Path(__file__).resolve().parent.parent  # the code measured (a worktree of HEAD)
# The checkout that asked for the run: its var/bench/ keeps the databases' info, the logs and the
# results, its docs/ the figures (the same as ROOT with --tree here).
HOME = Path(os.environ.get("BENCH_HOME", ROOT))
VAR = HOME / "var" / "bench"
DOCS = HOME / "docs" / "benchmarks"
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/2")
SMALL = 10_000
DEEP_PAGE = 41  # 2,000 rows in: OFFSET pagination reads and drops them all
API = "/api/v1/orgs/bench-big/results/"
PAGES = {
    "index": "/assessments/bench-big/",
    "history": "/assessments/bench-big/history/sales_performance/",
    "dashboard": "/dashboard/bench-big/",
}
PEERS = {
    "drf": ("naive DRF ModelSerializer view", "drf"),
    "fastapi": ("FastAPI + SQLAlchemy 2 + pydantic", "fastapi"),
    "raw": ("bare ASGI + psycopg 3 + orjson", "raw"),
    "pg": ("the same, JSON built by json_agg", "pg"),
}


def db_url(rows: int) -> str:
    return (
        f"{PG}/gp_bench_{rows // 1000}k"
        if rows < 1_000_000
        else f"{PG}/gp_bench_{rows // 1_000_000}m"
    )


def _env(db: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": db,
        "REDIS_URL": REDIS,
        "SECRET_KEY": _secret_key(),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "API_THROTTLE_RATE": "1000000000/second",
        "WEB_CONCURRENCY": "2",
        "WEB_ACCESS_LOG": "false",
        "LOG_LEVEL": "WARNING",
        "BENCH_DB": db,
    }


def _secret_key() -> str:
    """The bench servers' SECRET_KEY (sessions of the portal pages are signed with it): made
    once per machine, kept in var/bench/, never in the repository."""
    path = VAR / "secret_key"
    if not path.exists():
        VAR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


def ensure_seeded(rows: int, seed_value: int) -> dict:
    """Seed the database of `rows` unless it already holds that seed (its info file says so and
    the row count agrees); sessions are made afresh (they are signed with this machine's key)."""
    db = db_url(rows)
    info_path = VAR / f"{db.rsplit('/', 1)[1]}.json"
    name = db.rsplit("/", 1)[1]
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    info = json.loads(info_path.read_text()) if info_path.exists() else {}
    if info.get("rows") != rows or info.get("seed") != seed_value or not _holds(db, rows, info):
        os.environ["SECRET_KEY"] = _secret_key()
        seed.migrate(db)
        started = time.monotonic()
        info = seed.seed(db, rows=rows, seed_value=seed_value)
        info["seed_wall_s"] = time.monotonic() - started
    else:
        seed.migrate(db)  # the product's newest migrations (indexes) apply to old data too
    os.environ["SECRET_KEY"] = _secret_key()
    info["sessions"] = seed.sessions(db, info["keys"])
    info["db"] = db
    info_path.write_text(json.dumps(info, indent=2))
    return info | {"info_path": str(info_path)}


def _holds(db: str, rows: int, info: dict) -> bool:
    """Whether the database still holds what its info file says: the row count and the keys."""
    prefixes = [k["key"].split("_")[1] for k in info.get("keys", {}).values()]
    try:
        with psycopg.connect(db) as conn:
            count = conn.execute(
                "SELECT count(*) FROM assessment_scoring_results r JOIN enterprise_orgs o"
                " ON o.id = r.org_id WHERE o.slug LIKE 'bench-%%'"
            ).fetchone()[0]
            keys = conn.execute(
                "SELECT count(*) FROM org_api_keys WHERE prefix = ANY(%s)", [prefixes]
            ).fetchone()[0]
    except psycopg.Error:
        return False
    return count == rows and keys == len(prefixes) > 0


class Server:
    """A server process of the bench (a process group of its own, stopped by its id)."""

    def __init__(self, name: str, argv: list[str], env: dict, port: int) -> None:
        self.name, self.port = name, port
        VAR.joinpath("logs").mkdir(parents=True, exist_ok=True)
        self.log = open(VAR / "logs" / f"{name}.log", "w")  # noqa: SIM115
        self.proc = subprocess.Popen(
            argv,
            cwd=ROOT,
            env=env | {"PORT": str(port)},
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait(self, path: str, headers: dict, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited; see {self.log.name}")
            try:
                request = urllib.request.Request(self.base + path, headers=headers)
                with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"{self.name} did not answer {path} in {timeout}s")

    def worker_rss_mb(self) -> list[float]:
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.proc.pid)], capture_output=True, text=True
        ).stdout.split()
        sizes = []
        for pid in out:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
        return sizes

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
        self.log.close()


def product(name: str, db: str, port: int, *, setup: bool) -> Server:
    env = _env(db) | {"SERVE_SETUP": "true" if setup else "false"}
    return Server(name, ["bash", "scripts/serve", "web"], env, port)


def peer(kind: str, db: str, port: int) -> Server:
    gunicorn = [str(ROOT / ".venv/bin/gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}"]
    env = _env(db)
    if kind == "drf":
        env["DJANGO_SETTINGS_MODULE"] = "bench.peers.drf.settings"
        argv = [*gunicorn, "-k", "gthread", "--threads", "4", "bench.peers.drf.wsgi:application"]
    else:
        module = "bench.peers.fastapi_app:app" if kind == "fastapi" else "bench.peers.raw_asgi:app"
        env["PEER_JSON"] = "pg" if kind == "pg" else "python"
        argv = [*gunicorn, "-k", "uvicorn_worker.UvicornWorker", module]
    return Server(f"peer-{kind}", argv, env, port)


def _get_json(url: str, headers: dict) -> dict:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=60) as r:
        return json.loads(r.read())


def _status(url: str, headers: dict) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=60) as r:
            return r.status
    except urllib.error.HTTPError as error:
        return error.code


def same_rows(targets: dict) -> dict:
    """Whether each peer answers as the product does: the first two pages (each following its
    own `next` link) field for field, and the refusals (a wrong key: 401, another org: 404)."""
    answers = {}
    for name, (url, headers) in targets.items():
        first = _get_json(url, headers)
        second = _get_json(first["next"], headers) if first.get("next") else {"results": []}
        wrong_key = {"Authorization": headers["Authorization"][:-4] + "xxxx"}
        other_org = url.replace("/orgs/bench-big/", "/orgs/bench-500/")
        refusals = (_status(url, wrong_key), _status(other_org, headers))
        answers[name] = (first["results"], second["results"], refusals)
    ours = answers["product"]
    return {name: theirs == ours for name, theirs in answers.items() if name != "product"}


def deep_page(url: str, headers: dict, pages: int = DEEP_PAGE - 1) -> str:
    """The URL of page DEEP_PAGE, reached by following `next` links as a client would."""
    for _ in range(pages):
        following = _get_json(url, headers).get("next")
        if not following:
            break
        url = following
    return url


def measure(targets: dict, *, rounds: int, seconds: float, concurrency: int) -> dict:
    """Interleaved rounds: every target once per round, so a busy moment of the shared machine
    falls on all of them alike. Per target: each round's figures, their median and spread."""
    runs: dict[str, list] = {name: [] for name in targets}
    for _ in range(rounds):
        for name, (url, headers) in targets.items():
            runs[name].append(
                asyncio.run(
                    load.run(url, headers=headers, seconds=seconds, concurrency=concurrency)
                )
            )
    out = {}
    for name, results in runs.items():
        rps = [r["rps"] for r in results]
        p95 = [r["p95_ms"] for r in results if r["p95_ms"] is not None]
        out[name] = {
            "rps": statistics.median(rps),
            "rps_min": min(rps),
            "rps_max": max(rps),
            "p95_ms": statistics.median(p95) if p95 else None,
            "p50_ms": statistics.median([r["p50_ms"] for r in results if r["p50_ms"]] or [0]),
            "statuses": _merge([r["statuses"] for r in results]),
            "rounds": results,
        }
    return out


def _merge(dicts: list[dict]) -> dict:
    merged: dict = {}
    for d in dicts:
        for key, value in d.items():
            merged[key] = merged.get(key, 0) + value
    return merged


def inproc(command: str, info: dict, *extra: str) -> dict:
    log = VAR / "logs" / f"inproc-{command}-{Path(info['db']).name}.log"
    with open(log, "w") as err:
        out = subprocess.run(
            [sys.executable, "-m", "bench.inproc", command, info["info_path"], *extra],
            cwd=ROOT,
            env=_env(info["db"]),
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            check=True,
        )
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(args) -> dict:
    rows = SMALL if args.quick else args.rows
    rounds = args.rounds or (1 if args.quick else 5)
    seconds = args.seconds or (1.5 if args.quick else 6)
    VAR.mkdir(parents=True, exist_ok=True)
    subprocess.run(["redis-cli", "-u", REDIS, "FLUSHDB"], capture_output=True)
    t0 = time.monotonic()
    small = ensure_seeded(SMALL, args.seed)
    big = small if rows == SMALL else ensure_seeded(rows, args.seed)
    seeded_s = time.monotonic() - t0
    key = {"Authorization": f"Api-Key {big['keys']['bench-big']['key']}"}
    servers = {"product": product("product", big["db"], args.port, setup=True)}
    try:
        servers["product"].wait(API, key)
        if big is not small:
            servers["product-small"] = product(
                "product-small", small["db"], args.port + 1, setup=False
            )
        for n, kind in enumerate(PEERS):
            servers[kind] = peer(kind, big["db"], args.port + 2 + n)
        for server in servers.values():
            server.wait(
                API,
                key
                if server.name != "product-small"
                else {"Authorization": f"Api-Key {small['keys']['bench-big']['key']}"},
            )
        api_targets = {name: (servers[name].base + API, key) for name in ["product", *PEERS]}
        same = same_rows(api_targets)
        for url, headers in api_targets.values():  # warm-up: pools, caches, first imports
            asyncio.run(load.run(url, headers=headers, seconds=0.5, concurrency=2))
        api = measure(api_targets, rounds=rounds, seconds=seconds, concurrency=args.concurrency)
        page_targets = {}
        for size, info, server in (
            ("small", small, servers.get("product-small", servers["product"])),
            ("big", big, servers["product"]),
        ):
            cookie = {"Cookie": f"sessionid={info['sessions']['bench-big']}"}
            page_targets[f"api@{size}"] = (
                server.base + API,
                {"Authorization": f"Api-Key {info['keys']['bench-big']['key']}"},
            )
            for page, path in PAGES.items():
                page_targets[f"{page}@{size}"] = (server.base + path, cookie)
        page_targets["api-deep@big"] = (deep_page(*api_targets["product"]), key)
        pages = measure(page_targets, rounds=rounds, seconds=seconds / 2, concurrency=4)
        rss = _rss_after(servers["product"], api_targets["product"], page_targets, args.quick)
    finally:
        for server in servers.values():
            server.stop()
    queries = {"small": inproc("queries", small), "big": inproc("queries", big)}
    writes = inproc("writes", big, str(10_000 if args.quick else 100_000))
    return {
        "rows": rows,
        "seed": args.seed,
        "quick": args.quick,
        "rounds": rounds,
        "seconds_per_round": seconds,
        "concurrency": args.concurrency,
        "seed_s": big.get("seconds"),
        "seed_wall_s": big.get("seed_wall_s"),
        "prepare_s": seeded_s,
        "machine": _machine(),
        "api": api,
        "same_rows": same,
        "pages": pages,
        "rss": rss,
        "queries": queries,
        "writes": writes,
    }


def _rss_after(server: Server, api_target, page_targets: dict, quick: bool) -> dict:
    """1,000 more requests (the API and the portal pages, in turn), then each worker's RSS."""
    targets = [api_target, *page_targets.values()]
    targets = [t for t in targets if t[0].startswith(server.base)]
    per = -(-1000 // len(targets))  # at least 1,000 in all

    async def send() -> None:
        for url, headers in targets:
            await load.run_count(url, headers=headers, count=per, concurrency=4)

    asyncio.run(send())
    sizes = server.worker_rss_mb()
    return {"requests": per * len(targets), "workers_mb": sizes, "max_mb": max(sizes or [0])}


def _working_tree() -> str:
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return f"{head} + the working tree"


def _machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "?",
    )
    with psycopg.connect(f"{PG}/postgres") as conn:
        pg = conn.execute("SHOW server_version").fetchone()[0]
    memory = next(
        line.split()[1]
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return {
        "memory_gb": round(int(memory) / 1024 / 1024, 1),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": sys.version.split()[0],
        "postgresql": pg,
        "load_avg": os.getloadavg(),
    }


def _in_worktree(argv: list[str]) -> int:
    """Run this same command in a worktree of HEAD (made once, moved to HEAD each run), with
    this checkout's virtual environment, and its results written here."""
    tree = VAR / "tree"
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    if not (tree / ".git").exists():
        VAR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(tree), head],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
    subprocess.run(["git", "checkout", "--quiet", "--detach", head], cwd=tree, check=True)
    if not (tree / ".venv").exists():
        (tree / ".venv").symlink_to(ROOT / ".venv")
    # scripts/serve reinstalls the environment when pyproject.toml changed (its stamp file):
    # from the worktree that would point the editable install at it, so this checkout does it.
    stamp = hashlib.sha256((tree / "pyproject.toml").read_bytes()).hexdigest()[:16]
    if not (ROOT / ".venv" / f".installed-{stamp}").exists():
        print(
            "bench/run: .venv predates pyproject.toml at HEAD; run `bash -c 'source "
            "scripts/_setup.sh'` (or ./scripts/serve setup) in this checkout first",
            file=sys.stderr,
        )
        return 2
    print(f"==> Measuring commit {head[:12]} (a worktree of HEAD: {tree})", flush=True)
    env = {**os.environ, "BENCH_HOME": str(ROOT), "BENCH_COMMIT": head}
    return subprocess.run(
        [sys.executable, "-m", "bench.runner", *argv], cwd=tree, env=env
    ).returncode


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--rounds", type=int)
    parser.add_argument("--seconds", type=float)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--port", type=int, default=8741)
    parser.add_argument("--out", help="results JSON (default var/bench/results-<rows>.json)")
    parser.add_argument(
        "--charts",
        help="folder of the PNG charts (default: docs/benchmarks/ "
        "for a full run, var/bench/ for --quick)",
    )
    parser.add_argument(
        "--tree",
        choices=["head", "here"],
        default="head",
        help="measure the last commit (a worktree of HEAD under var/bench/tree, "
        "the default: others' unfinished edits stay out) or this working tree",
    )
    args = parser.parse_args(argv)
    if args.tree == "head" and "BENCH_HOME" not in os.environ:
        return _in_worktree(sys.argv[1:] if argv is None else list(argv))
    try:
        from bench import report

        results = run(args)
        results["when"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        results["commit"] = os.environ.get("BENCH_COMMIT") or _working_tree()
        rows = report.targets(results)
        results["targets"] = rows
        out = Path(args.out or VAR / f"results-{results['rows']}.json")
        out.write_text(json.dumps(results, indent=2, default=str))
        charts = Path(args.charts or (VAR if args.quick else DOCS))
        report.charts(results, charts)
        if not args.quick and args.charts is None:
            report.update_doc(HOME / "docs" / "benchmarks.md", results)
            (DOCS / "results.json").write_text(json.dumps(results, indent=1, default=str))
        print(report.table(results))
        print(f"\nresults: {out}\ncharts: {charts}/")
    except Exception:  # noqa: BLE001 (the harness failing is exit 2, not a missed target)
        traceback.print_exc()
        return 2
    return 0 if all(row["met"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
