"""Peers (c) and (d): a bare ASGI app on psycopg 3's async pool, no framework.

    BENCH_DB=postgres://… PEER_JSON=python|pg gunicorn -k uvicorn_worker.UvicornWorker \
        -w 2 'bench.peers.raw_asgi:app'

PEER_JSON=python (c) reads rows and writes the body with orjson; PEER_JSON=pg (d) has
PostgreSQL build the whole `results` array with json_agg (PostgREST's technique), so Python
only splices it into the envelope. Both authenticate as bench.peers.common says, in one query.
"""
# ruff: noqa: S608  (SQL is assembled from constants here; values are always parameters)

from __future__ import annotations

import os
from decimal import Decimal
from urllib.parse import parse_qs

import orjson
from psycopg_pool import AsyncConnectionPool

from bench.peers import common

MODE = os.environ.get("PEER_JSON", "python")
PREFIX = "/api/v1/orgs/"
SUFFIX = "/results/"

pool: AsyncConnectionPool | None = None

# (d): the page's rows as JSON in DRF's shapes (decimals as strings, UTC times with Z).
PG_COLUMNS = (
    "json_build_object('id', r.id, 'assessment_type', r.assessment_type, 'score', r.score::text,"
    " 'bracket', r.bracket, 'description', r.description, 'recommendations', r.recommendations,"
    " 'next_steps', r.next_steps, 'confidence', r.confidence::text, 'ai_insights', r.ai_insights,"
    " 'category_scores', r.category_scores, 'swot_analysis', r.swot_analysis,"
    " 'assessment_id', r.assessment_id, 'template', r.template_id,"
    " 'rubric_version', r.rubric_version, 'user_email', u.email, 'created_at',"
    " to_char(r.created_at AT TIME ZONE 'UTC', CASE WHEN date_part('microseconds', r.created_at)"
    ' :: int %% 1000000 = 0 THEN \'YYYY-MM-DD"T"HH24:MI:SS"Z"\''
    ' ELSE \'YYYY-MM-DD"T"HH24:MI:SS.US"Z"\' END)) AS doc, r.created_at, r.id'
)


def _pg_page_sql(*, whole_org: bool, cursor) -> str:
    inner = common.page_sql(whole_org=whole_org, cursor=cursor, columns=PG_COLUMNS)
    way = "DESC" if cursor is not None and cursor[0] else "ASC"
    return (
        f"WITH p AS (SELECT row_number() OVER () AS n, t.* FROM ({inner}) t)"
        f" SELECT (SELECT coalesce(json_agg(doc ORDER BY n {way}), '[]') FROM p"
        "          WHERE n <= %(limit)s - 1)::text,"
        " (SELECT count(*) FROM p),"
        " (SELECT array[to_json(created_at) #>> '{}', id::text] FROM p WHERE n = 1),"
        " (SELECT array[to_json(created_at) #>> '{}', id::text] FROM p WHERE n = least("
        "     (SELECT count(*) FROM p), %(limit)s - 1))"
    )


def _default(value):
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError


async def _respond(send, status: int, body: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _results(scope, slug: str) -> bytes:
    headers = dict(scope["headers"])
    raw, prefix = common.key_prefix(headers.get(b"authorization", b"").decode("latin-1"))
    query = parse_qs(scope["query_string"].decode("latin-1"))
    cursor = common.decode_cursor(query.get("cursor", [None])[0])
    size = common.page_size(query.get("page_size", [None])[0])
    host = headers.get(b"host", b"127.0.0.1").decode("latin-1")
    base = f"http://{host}{scope['path']}"
    async with pool.connection() as conn:
        row = await (await conn.execute(common.AUTH_SQL, {"prefix": prefix})).fetchone()
        user_id, whole_org = common.check_auth(row, raw, slug)
        params = common.page_params(row[4], user_id, cursor, size)
        if MODE == "pg":
            sql = _pg_page_sql(whole_org=whole_org, cursor=cursor)
            docs, count, first, last = await (await conn.execute(sql, params)).fetchone()
            return _pg_envelope(base, docs, count, first, last, cursor, size)
        rows = await (
            await conn.execute(common.page_sql(whole_org=whole_org, cursor=cursor), params)
        ).fetchall()
    rows, next_url, previous_url = common.links(base, rows, cursor, size)
    results = [dict(zip(common.FIELDS, row, strict=True)) for row in rows]
    return orjson.dumps(
        {"next": next_url, "previous": previous_url, "results": results},
        default=_default,
        option=orjson.OPT_UTC_Z,
    )


def _pg_envelope(base, docs: str, count: int, first, last, cursor, size: int) -> bytes:
    from datetime import datetime

    reverse = cursor is not None and cursor[0]
    more = count > size
    newest, oldest = (last, first) if reverse else (first, last)
    suffix = "" if size == common.PAGE_SIZE else f"&page_size={size}"

    def link(edge, way: bool) -> bytes:
        at = datetime.fromisoformat(edge[0])
        return orjson.dumps(f"{base}?cursor={common.encode_cursor(at, edge[1], way)}{suffix}")

    has_next = more if not reverse else True
    has_previous = cursor is not None and (more if reverse else True)
    next_url = link(oldest, False) if count and has_next else b"null"
    previous_url = link(newest, True) if count and has_previous else b"null"
    return b'{"next":%s,"previous":%s,"results":%s}' % (next_url, previous_url, docs.encode())


async def app(scope, receive, send):
    global pool
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                pool = AsyncConnectionPool(
                    os.environ["BENCH_DB"], min_size=4, max_size=4, open=False
                )
                await pool.open(wait=True)
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await pool.close()
                await send({"type": "lifespan.shutdown.complete"})
                return
    path = scope["path"]
    if scope["method"] != "GET" or not (path.startswith(PREFIX) and path.endswith(SUFFIX)):
        return await _respond(send, 404, b'{"detail":"Not found."}')
    try:
        body = await _results(scope, path[len(PREFIX) : -len(SUFFIX)])
    except common.Refused as refused:
        return await _respond(send, refused.status, orjson.dumps({"detail": refused.detail}))
    await _respond(send, 200, body)
