"""The bench's data: scoring results across 1,000 organisations, written with COPY.

    python -m bench.seed --db postgres://postgres@127.0.0.1:5432/gp_bench_1m --rows 1000000 \
        --out var/bench/gp_bench_1m.json

(bench/run calls it itself.) The database is migrated first (the product's own tables,
`manage.py migrate`), then emptied of earlier bench rows and filled: 1,000 orgs with their four
system roles, users (10 per org, 100 in the big org), memberships, the owner's subscription on a
plan with the API, an API key for each measured org, and `rows` results of which a tenth is in
the big org ("bench-big"). The same seed gives the same rows (ids, dates, scores, API keys), so
two runs measure the same data. The raw API keys and a signed-in session of each measured org's
owner are written to --out (under var/, never committed): the load generator reads them there.
"""
# ruff: noqa: S603  (runs manage.py and bench.login with this interpreter)

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import random
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
ORGS = 1_000
BIG_SHARE = 10  # one org in ten results: 100,000 of 1M
USERS_PER_ORG = 10
USERS_BIG_ORG = 100
TYPES = [
    "sales_performance",
    "bpm",
    "tech_stack",
    "strategic_maturity",
    "competitive_benchmarking",
    "customer_experience",
    "digital_transformation",
    "leadership",
    "marketing_effectiveness",
    "ai_readiness",
    "reassessment",
]
BRACKETS = [
    (1.25, "score_1"),
    (1.75, "score_1_5"),
    (2.25, "score_2"),
    (2.75, "score_2_5"),
    (3.25, "score_3"),
    (3.75, "score_3_5"),
    (4.25, "score_4"),
    (4.75, "score_4_5"),
    (9.0, "score_5"),
]
SYSTEM_ROLES = {
    "owner": (
        "Owner",
        [
            "org.view",
            "org.edit",
            "org.manage_members",
            "org.manage_billing",
            "org.manage_settings",
            "org.manage_api_keys",
        ],
    ),
    "admin": (
        "Admin",
        [
            "org.view",
            "org.edit",
            "org.manage_members",
            "org.manage_billing",
            "org.manage_api_keys",
        ],
    ),
    "member": ("Member", ["org.view", "org.edit"]),
    "viewer": ("Viewer", ["org.view"]),
}
EPOCH = datetime(2023, 6, 1, tzinfo=UTC)  # three years of results, all in the past
SPAN_SECONDS = 3 * 365 * 24 * 3600


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _bracket(score: float) -> str:
    return next(key for upper, key in BRACKETS if score < upper)


def _pg_array(items: list[str]) -> str:
    return "{" + ",".join('"' + item.replace('"', '\\"') + '"' for item in items) + "}"


def migrate(db: str) -> None:
    env = {**os.environ, "DATABASE_URL": db, "DEBUG": "true"}
    env.setdefault("SECRET_KEY", "bench-" + "x" * 50)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0", "--no-input"], cwd=ROOT, env=env, check=True
    )


def _clear(cur) -> None:
    cur.execute("SELECT id FROM enterprise_orgs WHERE slug LIKE 'bench-%'")
    if not cur.fetchone():
        return
    # The bench's results have no dependent rows (nothing scores or shares them): their delete
    # skips the per-row checks of the fifteen tables that reference results.
    cur.execute(
        """
        SET LOCAL session_replication_role = replica;
        DELETE FROM assessment_scoring_results WHERE org_id IN
            (SELECT id FROM enterprise_orgs WHERE slug LIKE 'bench-%');
        SET LOCAL session_replication_role = DEFAULT;
        DELETE FROM org_api_keys WHERE org_id IN
            (SELECT id FROM enterprise_orgs WHERE slug LIKE 'bench-%');
        DELETE FROM org_users WHERE org_id IN
            (SELECT id FROM enterprise_orgs WHERE slug LIKE 'bench-%');
        DELETE FROM org_roles WHERE org_id IN
            (SELECT id FROM enterprise_orgs WHERE slug LIKE 'bench-%');
        UPDATE tier2_users SET org_id = NULL WHERE email LIKE '%@bench.example';
        DELETE FROM enterprise_orgs WHERE slug LIKE 'bench-%';
        DELETE FROM subscriptions WHERE u_id IN
            (SELECT u_id FROM tier2_users WHERE email LIKE '%@bench.example');
        DELETE FROM django_session WHERE session_key LIKE 'bench%';
        DELETE FROM tier2_users WHERE email LIKE '%@bench.example';
        """
    )


def _users_copy(cur, users: list[tuple]) -> None:
    with cur.copy(
        "COPY tier2_users (u_id, password, is_superuser, first_name, last_name, email, phone,"
        " title, company, company_size, revenue_range, industry, created_at, timezone,"
        " linkedin_url, agreed_terms, agreed_marketing, profile_pic_url, role, is_active,"
        " is_staff, org_id, email_high_priority) FROM STDIN"
    ) as copy:
        for user_id, email, org_id in users:
            copy.write_row(
                (user_id, "!", False, "Bench", "User", email, "", "", "", "", "", "", EPOCH,
                 "UTC", "", True, False, "", "user", True, False, org_id, True)
            )  # fmt: skip


def seed(db: str, *, rows: int, seed_value: int = 17) -> dict:
    rng = random.Random(seed_value)
    orgs = [(_uuid(rng), f"bench-{'big' if i == 0 else i}") for i in range(ORGS)]
    measured = {orgs[0][1], orgs[ORGS // 2][1]}  # the big org and a typical one
    org_users: dict[uuid.UUID, list[uuid.UUID]] = {}
    users, memberships, roles = [], [], []
    owner_of = {}
    for index, (org_id, slug) in enumerate(orgs):
        count = USERS_BIG_ORG if index == 0 else USERS_PER_ORG
        ids = [_uuid(rng) for _ in range(count)]
        org_users[org_id] = ids
        owner_of[org_id] = ids[0]
        role_ids = {key: _uuid(rng) for key in SYSTEM_ROLES}
        for key, (name, perms) in SYSTEM_ROLES.items():
            roles.append((role_ids[key], key, name, _pg_array(perms), True, EPOCH, EPOCH, org_id))
        for n, user_id in enumerate(ids):
            users.append((user_id, f"{slug}-u{n}@bench.example", org_id))
            role = role_ids["owner" if n == 0 else "member"]
            memberships.append((_uuid(rng), EPOCH, EPOCH, None, user_id, org_id, role))
    started = time.monotonic()
    with psycopg.connect(db, autocommit=False) as conn, conn.cursor() as cur:
        _clear(cur)
        phases = {"clear": time.monotonic() - started}
        _users_copy(cur, users)
        with cur.copy(
            "COPY enterprise_orgs (id, name, slug, sso_config, created_at, updated_at, owner_id)"
            " FROM STDIN"
        ) as copy:
            for org_id, slug in orgs:
                copy.write_row((org_id, slug.replace("-", " ").title(), slug, "{}", EPOCH, EPOCH,
                                owner_of[org_id]))  # fmt: skip
        with cur.copy(
            "COPY org_roles (id, key, name, permissions, is_system, created_at, updated_at,"
            " org_id) FROM STDIN"
        ) as copy:
            for row in roles:
                copy.write_row(row)
        with cur.copy(
            "COPY org_users (id, created_at, updated_at, invited_by, user_id, org_id, role_id)"
            " FROM STDIN"
        ) as copy:
            for row in memberships:
                copy.write_row(row)
        with cur.copy(
            'COPY subscriptions (sub_id, plan, status, nextbillingdate, createdat, "billingCycle",'
            " u_id, stripe_unknown_price) FROM STDIN"
        ) as copy:
            for org_id, _ in orgs:
                copy.write_row((_uuid(rng), "Growth", "active", None, EPOCH, "annual",
                                owner_of[org_id], ""))  # fmt: skip
        keys = {}
        for org_id, slug in orgs:
            if slug not in measured:
                continue
            # From the seed too: a reseed gives the same keys (of a throwaway bench database).
            prefix = f"{rng.getrandbits(32):08x}"
            secret = base64.urlsafe_b64encode(rng.randbytes(24)).decode().replace("_", "x")
            raw = f"gp_{prefix}_{secret}"
            cur.execute(
                "INSERT INTO org_api_keys (id, name, prefix, key_hash, scope, created_at,"
                " created_by, org_id) VALUES (%s, 'bench', %s, %s, 'read', now(), %s, %s)",
                (_uuid(rng), prefix, hashlib.sha256(raw.encode()).hexdigest(),
                 owner_of[org_id], org_id),
            )  # fmt: skip
            keys[slug] = {"key": raw, "owner_id": str(owner_of[org_id]), "org_id": str(org_id)}
        phases["small tables"] = time.monotonic() - started - sum(phases.values())
        _results_copy(cur, rng, orgs, org_users, rows)
        conn.commit()
        phases["results"] = time.monotonic() - started - sum(phases.values())
    with psycopg.connect(db, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE) assessment_scoring_results")
        conn.execute("ANALYZE")
    phases["vacuum analyze"] = time.monotonic() - started - sum(phases.values())
    return {
        "rows": rows,
        "seed": seed_value,
        "keys": keys,
        "seconds": time.monotonic() - started,
        "phases": phases,
    }


def _without_secondary_indexes(cur, table: str):
    """Drop the table's indexes that back no constraint, and make them again after the load
    (one sort per index instead of a million insertions): the same definitions, whatever
    migrations created them."""
    cur.execute(
        "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x"
        " JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid"
        " WHERE t.relname = %s AND NOT EXISTS"
        " (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
        [table],
    )
    indexes = cur.fetchall()
    for name, _ in indexes:
        cur.execute(f'DROP INDEX "{name}"')
    return [definition for _, definition in indexes]


def _results_copy(cur, rng, orgs, org_users, rows: int) -> None:
    # Rows made here are consistent by construction: no foreign-key trigger per row (the
    # replica role skips them, for this transaction only), indexes built once at the end.
    cur.execute("SET LOCAL session_replication_role = replica")
    definitions = _without_secondary_indexes(cur, "assessment_scoring_results")
    cur.execute("SET LOCAL maintenance_work_mem = '256MB'")
    _results_rows_copy(cur, rng, orgs, org_users, rows)
    for definition in definitions:
        cur.execute(definition)
    cur.execute("SET LOCAL session_replication_role = DEFAULT")


def _results_rows_copy(cur, rng, orgs, org_users, rows: int) -> None:
    big = rows // BIG_SHARE
    rest = rows - big
    per_org = [big] + [rest // (ORGS - 1) + (1 if i < rest % (ORGS - 1) else 0)
                       for i in range(ORGS - 1)]  # fmt: skip
    with cur.copy(
        "COPY assessment_scoring_results (id, assessment_type, score, bracket, description,"
        " recommendations, next_steps, confidence, ai_insights, category_scores, swot_analysis,"
        " created_at, updated_at, org_id, user_id, assessment_id, rubric_version, template_id)"
        " FROM STDIN"
    ) as copy:
        for (org_id, _), count in zip(orgs, per_org, strict=True):
            members = org_users[org_id]
            for _ in range(count):
                score = round(rng.uniform(0.5, 5.0), 2)
                at = EPOCH + timedelta(seconds=rng.randrange(SPAN_SECONDS))
                kind = TYPES[rng.randrange(len(TYPES))]
                copy.write_row((
                    _uuid(rng), kind, score, _bracket(score),
                    f"A {kind.replace('_', ' ')} score of {score}.",
                    _pg_array(["Tighten the pipeline review", "Name an owner per lever"]),
                    _pg_array(["Book the quarterly review"]),
                    round(rng.uniform(0.5, 1.0), 2), None,
                    json.dumps({"strategy": score, "execution": round(score * 0.9, 2)}),
                    json.dumps({"strengths": ["Team"], "weaknesses": ["Process"]}),
                    at, at, org_id, members[rng.randrange(len(members))], _uuid(rng), "v1", None,
                ))  # fmt: skip


def sessions(db: str, keys: dict) -> dict:
    """A signed-in session for each measured org's owner (Django writes it: the product's own
    session format), for the portal pages."""
    env = {**os.environ, "DATABASE_URL": db, "DEBUG": "true"}
    env.setdefault("SECRET_KEY", "bench-" + "x" * 50)
    out = subprocess.run(
        [sys.executable, "-m", "bench.login", json.dumps(keys)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--out", required=True, help="where the keys and sessions are written")
    parser.add_argument("--no-migrate", action="store_true")
    args = parser.parse_args(argv)
    if not args.no_migrate:
        migrate(args.db)
    info = seed(args.db, rows=args.rows, seed_value=args.seed)
    info["sessions"] = sessions(args.db, info["keys"])
    info["db"] = args.db
    Path(args.out).write_text(json.dumps(info, indent=2))
    phases = ", ".join(f"{name} {s:.1f}s" for name, s in info["phases"].items())
    print(f"seeded {args.rows} results in {info['seconds']:.1f}s ({phases}) -> {args.out}")


if __name__ == "__main__":
    main()
