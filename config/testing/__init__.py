"""Test harnesses shared by every app's tests (never imported by production code).

- `config.testing.isolation`: the cross-tenant matrix. The world (Acme with its personas and
  objects, Globex's owner, platform staff), the checks each route is put through, and the
  collection of the per-app route lists (`<app>/tests/isolation_routes.py`).
"""
