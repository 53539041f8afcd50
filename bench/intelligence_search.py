"""Search benchmark of the intelligence page (issue 13): the product's full-text search against a
LIKE '%term%' baseline, at 100,000 feed items.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gp_dev \
        .venv/bin/python bench/intelligence_search.py --rows 100000 --runs 40

It creates (or empties) a bench database (--db, default: DATABASE_URL's server with the
database `gp_bench_intelligence`), creates the feed items' table as the model maps it
(realtime_market_trends, the columns the page reads) with the indexes the product's migration
names (rt_market_search_gin, the GIN expression index over the search document, among them),
fills it with COPY (reproducible text by --seed), then times the first page of each query the
page runs (the SQL compiled by intelligence.feed, so the benchmark measures the product's query,
not a copy of it) next to the same page found with ILIKE. It prints p50/p95 per term and
overall, whether the plan used the GIN index, and exits 1 when the search's p95 misses 100 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 100.0
INDUSTRIES = ["Retail", "Technology", "Finance", "Healthcare", "Manufacturing", "saas"]
SOURCES = ["Reuters", "FT", "Bloomberg", "Analyst briefing", "Trade press"]
WORDS = [
    "market",
    "demand",
    "pricing",
    "supply",
    "chain",
    "margin",
    "growth",
    "hiring",
    "freight",
    "retail",
    "cloud",
    "software",
    "regulation",
    "capital",
    "merger",
    "acquisition",
    "inflation",
    "consumer",
    "churn",
    "renewal",
    "subscription",
    "logistics",
    "warehouse",
    "automation",
    "payments",
    "lending",
    "credit",
    "insurance",
    "clinical",
    "trial",
    "semiconductor",
    "battery",
    "energy",
    "grid",
    "tariff",
    "export",
    "shipping",
    "advertising",
    "loyalty",
]
RARE = ["quantum", "biochar", "stablecoin", "microgrid", "e-receipts"]
TERMS = ["pricing", "supply chain", "merger -acquisition", "quantum", '"clinical trial"', "zzz"]
INDEX_DDL = [
    "CREATE INDEX rt_market_search_gin ON realtime_market_trends USING gin "
    "(to_tsvector('english'::regconfig, COALESCE(title, '') || ' ' || COALESCE(insight, '')))",
    "CREATE INDEX rt_market_pub_idx ON realtime_market_trends (published_at DESC, id DESC)",
    "CREATE INDEX rt_market_inds_gin ON realtime_market_trends USING gin (industries)",
    "CREATE INDEX rt_market_trends_ind_idx ON realtime_market_trends (industry, createdat DESC)",
]


def _bench_url(base: str, name: str) -> tuple[str, str]:
    parts = urlsplit(base)
    admin = urlunsplit(parts._replace(path="/postgres"))
    return admin, urlunsplit(parts._replace(path=f"/{name}"))


def create_database(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    if rng.random() < 0.01:
        words.insert(rng.randrange(len(words)), rng.choice(RARE))
    return " ".join(words)


def seed(url: str, rows: int, rng: random.Random) -> float:
    started = time.monotonic()
    now = datetime.now(UTC)
    with psycopg.connect(url) as conn:
        conn.execute("DROP TABLE IF EXISTS realtime_market_trends")
        conn.execute(
            "CREATE TABLE realtime_market_trends (id uuid PRIMARY KEY, title text, insight text, "
            "source text, createdat timestamptz NOT NULL DEFAULT now(), industry text, url text, "
            "published_at timestamptz NOT NULL DEFAULT now(), industries text[] NOT NULL "
            "DEFAULT '{}')"
        )
        with conn.cursor().copy(
            "COPY realtime_market_trends (id, title, insight, source, published_at, industry, "
            "industries) FROM STDIN"
        ) as copy:
            for i in range(rows):
                copy.write_row(
                    (
                        uuid.UUID(int=rng.getrandbits(128)),
                        _sentence(rng, 8).capitalize(),
                        _sentence(rng, 30).capitalize() + ".",
                        rng.choice(SOURCES),
                        now - timedelta(seconds=i * 30),
                        industry := rng.choice(INDUSTRIES),
                        [industry],
                    )
                )
        for ddl in INDEX_DDL:
            conn.execute(ddl)
        conn.execute("ANALYZE realtime_market_trends")
    return time.monotonic() - started


def product_query(term: str) -> tuple[str, list]:
    """The first page of the page's search, as intelligence.feed compiles it."""
    # Only to compile the SQL (no connection is opened): the test settings need no secrets.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from config import tenancy
    from intelligence import feed

    with tenancy.unscoped():
        items = feed.feed_items(filters=feed.FeedFilters(query=term))[: feed.PAGE_SIZE + 1]
        sql, params = items.query.sql_with_params()
    return sql, list(params)


def like_query(term: str) -> tuple[str, list]:
    words = [w for w in term.replace('"', "").split() if not w.startswith("-")]
    pattern = f"%{words[0] if words else term}%"
    sql = (
        "SELECT id, title, insight, source, industry, createdat FROM realtime_market_trends "
        "WHERE title ILIKE %s OR insight ILIKE %s ORDER BY published_at DESC, id DESC LIMIT 21"
    )
    return sql, [pattern, pattern]


def _time(conn, sql: str, params: list, runs: int) -> list[float]:
    conn.execute(sql, params).fetchall()  # warm
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        conn.execute(sql, params).fetchall()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _uses_gin(conn, sql: str, params: list) -> bool:
    plan = "\n".join(r[0] for r in conn.execute("EXPLAIN " + sql, params).fetchall())
    return "rt_market_search_gin" in plan


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="", help="bench database URL")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--no-seed", action="store_true", help="reuse the rows already there")
    args = parser.parse_args(argv)

    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    admin_url, url = _bench_url(base, "gp_bench_intelligence")
    if args.db:
        url = args.db
    else:
        create_database(admin_url, "gp_bench_intelligence")
    if not args.no_seed:
        took = seed(url, args.rows, random.Random(args.seed))
        print(f"seeded {args.rows:,} items with COPY and indexed them in {took:.1f} s")

    all_fts, all_like = [], []
    print(f"{'term':<24}{'FTS p50':>10}{'FTS p95':>10}{'LIKE p50':>10}{'LIKE p95':>10}  GIN")
    with psycopg.connect(url, autocommit=True) as conn:
        for term in TERMS:
            sql, params = product_query(term)
            fts = _time(conn, sql, params, args.runs)
            like = _time(conn, *like_query(term), args.runs)
            all_fts += fts
            all_like += like
            gin = "yes" if _uses_gin(conn, sql, params) else "no"
            print(
                f"{term:<24}{_p(fts, 0.5):>9.1f}ms{_p(fts, 0.95):>9.1f}ms"
                f"{_p(like, 0.5):>9.1f}ms{_p(like, 0.95):>9.1f}ms  {gin}"
            )
    fts95 = _p(all_fts, 0.95)
    print(
        f"{'all':<24}{statistics.median(all_fts):>9.1f}ms{fts95:>9.1f}ms"
        f"{statistics.median(all_like):>9.1f}ms{_p(all_like, 0.95):>9.1f}ms"
    )
    ok = fts95 < TARGET_MS
    print(f"search p95 {fts95:.1f} ms: {'meets' if ok else 'MISSES'} the {TARGET_MS:.0f} ms target")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
