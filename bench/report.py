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
