"""bench/run --quick end to end: the harness seeds 10k rows, serves the product and its peers,
measures and prints its table; a missed target is exit 1, a broken harness exit 2."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port_base(count: int = 8) -> int:
    """A base port with `count` free ports after it (so a bench run beside this one is fine)."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = probe.getsockname()[1]
        if base + count < 65535 and all(_free(base + n) for n in range(count)):
            return base
    raise RuntimeError("no free ports")


def _free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@pytest.mark.slow
def test_bench_run_quick_prints_every_target_and_writes_its_results(tmp_path):
    for module in ("fastapi", "sqlalchemy", "orjson", "matplotlib"):
        pytest.importorskip(module, reason="the bench extra: pip install -e '.[bench]'")
    out = tmp_path / "results.json"
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    proc = subprocess.run(
        [sys.executable, "-m", "bench.runner", "--quick", "--tree", "here",
         "--port", str(_free_port_base()),
         "--out", str(out), "--charts", str(tmp_path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert proc.returncode in (0, 1), proc.stdout[-3000:] + proc.stderr[-3000:]
    results = json.loads(out.read_text())
    targets = {row["target"] for row in results["targets"]}
    assert any(t.startswith("API list req/s vs FastAPI") for t in targets)
    assert any("EXPLAIN" in t for t in targets) and any("fan-out" in t for t in targets)
    assert all(results["same_rows"].values()), results["same_rows"]
    assert set(results["api"]["product"]["statuses"]) == {"200"}
    assert (tmp_path / "api_rps.png").stat().st_size > 1000
    assert "targets met" in proc.stdout
    assert (proc.returncode == 0) == all(row["met"] for row in results["targets"])
