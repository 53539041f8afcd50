"""A bounded load generator on loopback: N keep-alive connections, each sending one GET after
another for a fixed time (asyncio and raw sockets: light enough to leave the cores to the server).

    python -m bench.load http://127.0.0.1:8000/path --header 'Authorization: Api-Key …' \
        --seconds 5 --concurrency 8
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from urllib.parse import urlsplit


class BadResponse(Exception):
    pass


async def _read_response(reader) -> tuple[int, bool]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length, chunked, close = None, False, False
    for line in lines[1:]:
        name, _, value = line.partition(":")
        name, value = name.strip().lower(), value.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "transfer-encoding" and "chunked" in value:
            chunked = True
        elif name == "connection" and value == "close":
            close = True
    if chunked:
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length is not None:
        await reader.readexactly(length)
    else:
        await reader.read()
        close = True
    return status, close


async def _worker(host, port, request: bytes, until, out: list, statuses: dict, budget=None):
    """Requests one after another on one connection, until `until` (a monotonic time) or until
    the shared `budget` ([requests left]) is spent."""
    reader = writer = None
    while (until is None or time.monotonic() < until) and (budget is None or budget[0] > 0):
        if budget is not None:
            budget[0] -= 1
        if writer is None:
            reader, writer = await asyncio.open_connection(host, port)
        started = time.monotonic()
        writer.write(request)
        try:
            status, close = await _read_response(reader)
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()
            writer = None
            statuses["error"] = statuses.get("error", 0) + 1
            continue
        out.append(time.monotonic() - started)
        statuses[status] = statuses.get(status, 0) + 1
        if close:
            writer.close()
            writer = None
    if writer is not None:
        writer.close()


async def run(url: str, *, headers: dict, seconds: float, concurrency: int) -> dict:
    """Requests per second, latencies (ms: median, p95, max) and the statuses seen."""
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    lines = [f"GET {target} HTTP/1.1", f"Host: {parts.netloc}", "Accept: */*"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    latencies: list[float] = []
    statuses: dict = {}
    started = time.monotonic()
    until = started + seconds
    await asyncio.gather(
        *(
            _worker(parts.hostname, parts.port or 80, request, until, latencies, statuses)
            for _ in range(concurrency)
        )
    )
    elapsed = time.monotonic() - started
    return summary(latencies, elapsed, statuses)


async def run_count(url: str, *, headers: dict, count: int, concurrency: int) -> dict:
    """`count` requests in all (the memory probe), on `concurrency` connections."""
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    lines = [f"GET {target} HTTP/1.1", f"Host: {parts.netloc}", "Accept: */*"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    latencies: list[float] = []
    statuses: dict = {}
    started = time.monotonic()
    budget = [count]
    await asyncio.gather(
        *(
            _worker(parts.hostname, parts.port or 80, request, None, latencies, statuses, budget)
            for _ in range(concurrency)
        )
    )
    return summary(latencies, time.monotonic() - started, statuses)


def summary(latencies: list[float], elapsed: float, statuses: dict) -> dict:
    ordered = sorted(latencies)
    ms = [value * 1000 for value in ordered]
    return {
        "requests": len(ms),
        "rps": len(ms) / elapsed if elapsed else 0.0,
        "p50_ms": statistics.median(ms) if ms else None,
        "p95_ms": ms[min(len(ms) - 1, int(len(ms) * 0.95))] if ms else None,
        "max_ms": ms[-1] if ms else None,
        "statuses": {str(k): v for k, v in statuses.items()},
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--header", action="append", default=[])
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args(argv)
    headers = dict(h.split(": ", 1) for h in args.header)
    result = asyncio.run(
        run(args.url, headers=headers, seconds=args.seconds, concurrency=args.concurrency)
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
