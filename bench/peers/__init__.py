"""The product's peers in the bench: small apps on the same tables doing what the product does
for `GET /api/v1/orgs/<org>/results/` (docs/benchmarks.md)."""
