"""The benchmark harness of issue 17 (docs/benchmarks.md): data, peers, load, targets."""
