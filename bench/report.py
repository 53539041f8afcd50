"""The bench's verdict: each target of issue 17 as a row (target, product, peer, ratio,
required, met), the printed table, and the charts (matplotlib, PNG)."""

from __future__ import annotations

from pathlib import Path

API_PEERS = [
    ("raw", "bare ASGI + psycopg 3 + orjson", 0.5),
    ("fastapi", "FastAPI + SQLAlchemy 2 + pydantic", 1.0),
    ("drf", "naive DRF ModelSerializer view", 2.0),
    ("pg", "bare ASGI, JSON by json_agg (PostgREST)", None),
]
PORTAL = ["api", "index", "history", "dashboard"]
QUERY_PAGES = {
    "api_list": "API list",
    "api_list_filtered": "API list ?assessment_type=",
    "portal_index": "portal index",
    "portal_history": "portal history",
    "portal_dashboard": "portal dashboard",
}


def _row(target, product, peer, ratio, required, met, unit="") -> dict:
    return {
        "target": target,
        "product": product,
        "peer": peer,
        "ratio": ratio,
        "required": required,
        "met": met,
        "unit": unit,
    }


def targets(results: dict) -> list[dict]:
    rows = []
    api = results["api"]
    ours = api["product"]["rps"]
    for key, label, required in API_PEERS:
        theirs = api[key]["rps"]
        ratio = ours / theirs if theirs else 0.0
        met = True if required is None else ratio >= required
        rows.append(
            _row(
                f"API list req/s vs {label}",
                ours,
                theirs,
                ratio,
                f">= {required}x" if required else "(reference)",
                met,
                "req/s",
            )
        )
    for name, same in results.get("same_rows", {}).items():
        if not same:
            rows.append(
                _row(
                    f"{name}: the product's rows, fields and order",
                    None,
                    None,
                    None,
                    "same pages 1 and 2",
                    False,
                )
            )
    for name in ("product", *(k for k, _, _ in API_PEERS)):
        bad = {s: n for s, n in api[name]["statuses"].items() if s != "200"}
        if bad:
            rows.append(
                _row(f"{name}: every API answer 200", None, None, None, "no other status", False)
            )
    pages = results["pages"]
    for page in PORTAL:
        small, big = pages[f"{page}@small"]["p95_ms"], pages[f"{page}@big"]["p95_ms"]
        ratio = big / small if small else None
        ok = ratio is not None and ratio <= 1.5
        ok = ok and all(set(pages[f"{page}@{s}"]["statuses"]) == {"200"} for s in ("small", "big"))
        rows.append(
            _row(
                f"{page} p95 at {results['rows']:,} vs 10,000 rows",
                big,
                small,
                ratio,
                "<= 1.5x",
                ok,
                "ms",
            )
        )
    if "api-deep@big" in pages:
        first, deep = pages["api@big"]["p95_ms"], pages["api-deep@big"]["p95_ms"]
        rows.append(
            _row(
                f"API page 41 (or the last) p95 vs page 1 at {results['rows']:,} rows",
                deep,
                first,
                deep / first if first else None,
                "(reference)",
                True,
                "ms",
            )
        )
    queries = results["queries"]
    for key, label in QUERY_PAGES.items():
        small, big = queries["small"][key]["queries"], queries["big"][key]["queries"]
        rows.append(
            _row(
                f"{label}: queries at {results['rows']:,} vs 10,000",
                big,
                small,
                big / small if small else None,
                "equal",
                big == small,
                "queries",
            )
        )
    for key, label in QUERY_PAGES.items():
        plans = queries["big"][key]["plans"]
        problems = [p for plan in plans for p in plan["problems"]]
        rows.append(
            _row(
                f"{label}: EXPLAIN, no whole-org sort or big seq scan",
                len(problems),
                None,
                None,
                "0 problems",
                not problems,
                "problems",
            )
        )
    audit = results["writes"]["audit"]
    ratio = audit["on_per_s"] / audit["off_per_s"]
    rows.append(
        _row(
            "writes/s audit on vs off",
            audit["on_per_s"],
            audit["off_per_s"],
            ratio,
            ">= 0.7x",
            ratio >= 0.7,
            "writes/s",
        )
    )
    fan = results["writes"]["fan_out"]
    rows.append(
        _row(
            f"fan-out of {fan['recipients']:,} vs a bare COPY (s)",
            fan["product_s"],
            fan["copy_s"],
            fan["ratio"],
            ">= 0.5x",
            fan["ratio"] >= 0.5,
            "s",
        )
    )
    rss = results["rss"]
    rows.append(
        _row(
            f"web worker RSS after {rss['requests']:,} requests",
            rss["max_mb"],
            None,
            None,
            "< 150 MB",
            0 < rss["max_mb"] < 150,
            "MB",
        )
    )
    return rows


def _fmt(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.2f}" if value < 100 else f"{value:,.0f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def table(results: dict, markdown: bool = False) -> str:
    head = ["target", "product", "peer / baseline", "ratio", "required", "met"]
    lines = []
    body = [
        [
            r["target"],
            _fmt(r["product"]),
            _fmt(r["peer"]),
            "-" if r["ratio"] is None else f"{r['ratio']:.2f}x",
            r["required"],
            "yes" if r["met"] else "NO",
        ]
        for r in results["targets"]
    ]
    if markdown:
        lines.append("| " + " | ".join(head) + " |")
        lines.append("|" + "---|" * len(head))
        lines += ["| " + " | ".join(row) + " |" for row in body]
        return "\n".join(lines)
    widths = [max(len(str(x)) for x in col) for col in zip(head, *body, strict=True)]
    for row in [head, *body]:
        lines.append("  ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=True)))
    met = sum(r["met"] for r in results["targets"])
    lines.append(f"\n{met}/{len(results['targets'])} targets met at {results['rows']:,} rows")
    return "\n".join(lines)


def charts(results: dict, folder: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    api = results["api"]
    names = ["product", *(k for k, _, _ in API_PEERS)]
    labels = ["product", "raw psycopg+orjson", "FastAPI+SQLAlchemy", "naive DRF", "json_agg"]
    rps = [api[n]["rps"] for n in names]
    low = [api[n]["rps"] - api[n]["rps_min"] for n in names]
    high = [api[n]["rps_max"] - api[n]["rps"] for n in names]
    fig, ax = plt.subplots(figsize=(7, 3.5))
    ax.bar(
        labels, rps, yerr=[low, high], capsize=4, color=["#2b6cb0"] + ["#a0aec0"] * (len(names) - 1)
    )
    ax.set_ylabel("requests/s (median of rounds, min-max)")
    ax.set_title(f"API list of 50 rows at {results['rows']:,} rows")
    plt.setp(ax.get_xticklabels(), rotation=15, ha="right")
    fig.tight_layout()
    written.append(folder / "api_rps.png")
    fig.savefig(written[-1], dpi=110)
    plt.close(fig)
    pages = results["pages"]
    fig, ax = plt.subplots(figsize=(7, 3.5))
    x = range(len(PORTAL))
    ax.bar(
        [i - 0.2 for i in x],
        [pages[f"{p}@small"]["p95_ms"] or 0 for p in PORTAL],
        0.4,
        label="10,000 rows",
        color="#a0aec0",
    )
    ax.bar(
        [i + 0.2 for i in x],
        [pages[f"{p}@big"]["p95_ms"] or 0 for p in PORTAL],
        0.4,
        label=f"{results['rows']:,} rows",
        color="#2b6cb0",
    )
    ax.set_xticks(list(x), PORTAL)
    ax.set_ylabel("p95 latency (ms)")
    ax.set_title("Pages and the API list: p95 by data size")
    ax.legend()
    fig.tight_layout()
    written.append(folder / "p95_by_size.png")
    fig.savefig(written[-1], dpi=110)
    plt.close(fig)
    return written


MARK_START, MARK_END = "<!-- bench:results -->", "<!-- /bench:results -->"


def markdown(results: dict) -> str:
    """The figures of a run, for docs/benchmarks.md (between its bench:results marks)."""
    m = results["machine"]
    parts = [
        f"Run of {results['when']} at **{results['rows']:,} rows** (seed {results['seed']}), "
        f"commit {str(results.get('commit', '?'))[:12]}: "
        f"{results['rounds']} interleaved rounds of {results['seconds_per_round']:g} s per "
        f"target, {results['concurrency']} connections; {m['cores']} cores ({m['cpu']}), "
        f"{m.get('memory_gb', '?')} GB of memory, "
        f"Python {m['python']}, PostgreSQL {m['postgresql']}, load average before the run "
        f"{', '.join(f'{x:.2f}' for x in m['load_avg'])} (the machine is shared). "
        f"Seeding {results['rows']:,} rows took {_fmt(results.get('seed_s'))} s.",
        "",
        table(results, markdown=True),
        "",
        "### The API list, each server",
        "",
        "| server | req/s (median) | min-max over rounds | p50 ms | p95 ms |",
        "|---|---|---|---|---|",
    ]
    names = {"product": "the product (scripts/serve web)"} | {k: v for k, v, _ in API_PEERS}
    for key, label in names.items():
        a = results["api"][key]
        parts.append(f"| {label} | {a['rps']:.1f} | {a['rps_min']:.1f}-{a['rps_max']:.1f} | "
                     f"{_fmt(a['p50_ms'])} | {_fmt(a['p95_ms'])} |")  # fmt: skip
    parts += ["", "### Queries per page and their plans", "",
              f"| page | queries at 10,000 | queries at {results['rows']:,} | bytes at 10,000 | "
              f"bytes at {results['rows']:,} | slowest query at {results['rows']:,} (ms) | "
              "plan problems |", "|---|---|---|---|---|---|---|"]  # fmt: skip
    q = results["queries"]
    for key, label in QUERY_PAGES.items():
        plans = q["big"][key]["plans"]
        slowest = max((p["ms"] or 0 for p in plans), default=0)
        problems = "; ".join(p for plan in plans for p in plan["problems"]) or "none"
        parts.append(f"| {label} | {q['small'][key]['queries']} | {q['big'][key]['queries']} | "
                     f"{q['small'][key]['bytes']:,} | {q['big'][key]['bytes']:,} | "
                     f"{slowest:.2f} | {problems} |")  # fmt: skip
    parts += ["", "EXPLAIN (ANALYZE, BUFFERS) of each list's slowest query at "
              f"{results['rows']:,} rows:", ""]  # fmt: skip
    for key, label in QUERY_PAGES.items():
        plans = q["big"][key]["plans"]
        if not plans:
            continue
        plan = max(plans, key=lambda p: p["ms"] or 0)
        text = "\n".join(plan["text"].splitlines()[:14])
        parts += [f"{label} (`{q['big'][key]['path']}`):", "", "```", text, "```", ""]
    w = results["writes"]
    parts += [
        f"Writes: {w['audit']['writes']} organisation renames (an audited model and its events "
        f"row) at {w['audit']['on_per_s']:.0f}/s with the audit log on, "
        f"{w['audit']['off_per_s']:.0f}/s with it off. Fan-out of "
        f"{w['fan_out']['recipients']:,} notifications: {w['fan_out']['product_s']:.2f} s by "
        f"notifications_fan_out_unscoped, {w['fan_out']['copy_s']:.2f} s by a bare COPY of the "
        f"same rows. Web worker RSS after {results['rss']['requests']:,} requests: "
        + ", ".join(f"{x:.0f} MB" for x in results["rss"]["workers_mb"])
        + ".",
        "",
        "![API list req/s](benchmarks/api_rps.png)",
        "![p95 by size](benchmarks/p95_by_size.png)",
    ]
    return "\n".join(parts)


def update_doc(doc: Path, results: dict) -> bool:
    """Replace the figures between the marks of docs/benchmarks.md; False if it has none."""
    if not doc.exists():
        return False
    text = doc.read_text()
    if MARK_START not in text or MARK_END not in text:
        return False
    head, rest = text.split(MARK_START, 1)
    _, tail = rest.split(MARK_END, 1)
    doc.write_text(f"{head}{MARK_START}\n{markdown(results)}\n{MARK_END}{tail}")
    return True
