"""The bench's in-process measurements, in the product's own Django (DATABASE_URL = a bench DB):

    python -m bench.inproc queries <info.json>   query count of each page, EXPLAIN of its queries
    python -m bench.inproc writes <info.json>    audited writes on vs off; fan-out vs a bare COPY

Each prints one JSON object on its last line (bench.runner reads it).
"""

from __future__ import annotations

import json
import os
import sys
import time
import uuid

BIG_TABLES = {
    "assessment_scoring_results",
    "notifications",
    "audit_log",
    "events",
    "tier2_users",
}
SORT_ROWS_LIMIT = 1000
# A sequential scan of a small table is the planner's right choice; one reading this many rows
# is a missing index.
SEQ_ROWS_LIMIT = 50_000  # a sort over more rows than a page or two is a sort of the whole org


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
    os.environ.setdefault("API_THROTTLE_RATE", "1000000000/second")
    import django

    django.setup()


def pages(info: dict) -> dict[str, tuple[str, dict]]:
    """The pages measured: path and how the request authenticates (api key or session)."""
    slug = "bench-big"
    key = info["keys"][slug]["key"]
    return {
        "api_list": (f"/api/v1/orgs/{slug}/results/", {"key": key}),
        "api_list_filtered": (
            f"/api/v1/orgs/{slug}/results/?assessment_type=bpm",
            {"key": key},
        ),
        "portal_index": (f"/assessments/{slug}/", {}),
        "portal_history": (f"/assessments/{slug}/history/sales_performance/", {}),
        "portal_dashboard": (f"/dashboard/{slug}/", {}),
    }


def queries(info: dict) -> dict:
    _setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from config import tenancy

    with tenancy.unscoped():
        owner = User.objects.get(pk=info["keys"]["bench-big"]["owner_id"])
    out = {}
    for name, (path, auth) in pages(info).items():
        client = Client()
        extra = {}
        if "key" in auth:
            extra["HTTP_AUTHORIZATION"] = f"Api-Key {auth['key']}"
        else:
            client.force_login(owner)
        client.get(path, **extra)  # warm: the first request fills per-process caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path, **extra)
        plans = [_explain(connection, q["sql"]) for q in captured.captured_queries]
        plans = [plan for plan in plans if plan is not None]
        out[name] = {
            "path": path,
            "status": response.status_code,
            "bytes": len(response.content),
            "queries": len(captured.captured_queries),
            "plans": plans,
            "plan_ok": all(plan["ok"] for plan in plans),
        }
    return out


def _explain(connection, sql: str) -> dict | None:
    """EXPLAIN (ANALYZE, BUFFERS) of a read that touches a big table; None for the others."""
    lowered = sql.lower()
    if not lowered.lstrip().startswith("select") or not any(
        f'"{table}"' in lowered or f" {table} " in lowered for table in BIG_TABLES
    ):
        return None
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0][0]
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        text = "\n".join(row[0] for row in cursor.fetchall())
    problems = list(_problems(plan["Plan"]))
    return {
        "sql": sql[:400],
        "ms": plan.get("Execution Time"),
        "problems": problems,
        "ok": not problems,
        "text": text,
    }


def _problems(node: dict):
    kind = node.get("Node Type")
    if kind == "Seq Scan":
        read = (node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)) * max(
            node.get("Actual Loops", 1), 1
        )
        if read > SEQ_ROWS_LIMIT:
            yield f"Seq Scan on {node.get('Relation Name')} ({read} rows read)"
    if kind in ("Sort", "Incremental Sort"):
        rows = max((child.get("Actual Rows", 0) for child in node.get("Plans", [])), default=0)
        if rows > SORT_ROWS_LIMIT:
            yield f"{kind} of {rows} rows ({', '.join(node.get('Sort Key', []))})"
    for child in node.get("Plans", []):
        yield from _problems(child)


def writes(info: dict, *, fan_out: int) -> dict:
    _setup()
    return {"audit": _audit_writes(info), "fan_out": _fan_out(fan_out)}


def _audit_writes(info: dict, count: int = 300) -> dict:
    """org_rename (an audited model, with its events row) `count` times, audit on then off,
    alternating blocks so that neither side gets the warmer cache."""
    from auditlog.context import disable_auditlog

    from config import tenancy
    from orgs.models import Organization
    from orgs.services import org_rename

    with tenancy.unscoped():
        org = Organization.objects.get(slug="bench-500")
    original = org.name
    timings = {"on": 0.0, "off": 0.0}
    for block in range(6):
        side = "on" if block % 2 == 0 else "off"
        started = time.perf_counter()
        with tenancy.unscoped():
            if side == "off":
                with disable_auditlog():
                    _renames(org_rename, org, count // 3, block)
            else:
                _renames(org_rename, org, count // 3, block)
        timings[side] += time.perf_counter() - started
    with tenancy.unscoped():
        org_rename(org=org, name=original)
    return {
        "writes": count,
        "on_per_s": count / timings["on"],
        "off_per_s": count / timings["off"],
    }


def _renames(org_rename, org, count: int, block: int) -> None:
    for n in range(count):
        org_rename(org=org, name=f"Bench 500 renamed {block}-{n}")


def _fan_out(count: int) -> dict:
    """notifications_fan_out_unscoped to `count` users against a bare COPY of the same rows, in
    one transaction that is rolled back (the recipients are made for it and go with it)."""
    from django.db import connection, transaction

    from notifications.services import NotificationDraft, notifications_fan_out_unscoped

    class Rollback(Exception):
        pass

    out: dict = {"recipients": count}
    try:
        with transaction.atomic():
            user_ids = _recipients(connection, count)
            draft = NotificationDraft(
                type="system",
                title="Bench fan-out",
                message="One event to many users.",
                priority="low",
                link="/",
                idempotency_key=f"bench:{uuid.uuid4()}",
            )
            started = time.perf_counter()
            created = notifications_fan_out_unscoped(user_ids=user_ids, draft=draft)
            out["product_s"] = time.perf_counter() - started
            out["created"] = len(created)
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM notifications WHERE u_id = ANY(%s)", [user_ids])
            out["copy_s"] = _bare_copy(connection, user_ids, draft)
            raise Rollback
    except Rollback:
        pass
    out["ratio"] = out["copy_s"] / out["product_s"]
    return out


def _recipients(connection, count: int) -> list:
    ids = [uuid.uuid4() for _ in range(count)]
    with (
        connection.cursor() as cursor,
        cursor.copy(
            "COPY tier2_users (u_id, password, is_superuser, first_name, last_name, email, phone,"
            " title, company, company_size, revenue_range, industry, created_at, timezone,"
            " linkedin_url, agreed_terms, agreed_marketing, profile_pic_url, role, is_active,"
            " is_staff, email_high_priority) FROM STDIN"
        ) as copy,
    ):
        for n, user_id in enumerate(ids):
            copy.write_row(
                (
                    user_id,
                    "!",
                    False,
                    "Fan",
                    "Out",
                    f"fanout-{n}@bench.example",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "2024-01-01T00:00:00Z",
                    "UTC",
                    "",
                    True,
                    False,
                    "",
                    "user",
                    True,
                    False,
                    False,
                )
            )
    return ids


def _bare_copy(connection, user_ids: list, draft) -> float:
    """The floor: the same rows (every column the product writes) by COPY, and nothing else."""
    from django.utils import timezone

    now = timezone.now()
    started = time.perf_counter()
    with (
        connection.cursor() as cursor,
        cursor.copy(
            "COPY notifications (id, u_id, type, title, message, priority, link, is_read,"
            " idempotency_key, created_at, updated_at) FROM STDIN"
        ) as copy,
    ):
        for user_id in user_ids:
            copy.write_row(
                (
                    uuid.uuid4(),
                    user_id,
                    draft.type,
                    draft.title,
                    draft.message,
                    draft.priority,
                    draft.link,
                    False,
                    draft.idempotency_key,
                    now,
                    now,
                )
            )
    return time.perf_counter() - started


def main() -> None:
    command, info_path = sys.argv[1], sys.argv[2]
    info = json.loads(open(info_path).read())  # noqa: SIM115
    if command == "queries":
        result = queries(info)
    elif command == "writes":
        result = writes(info, fan_out=int(sys.argv[3]) if len(sys.argv) > 3 else 100_000)
    else:
        raise SystemExit(__doc__)
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
