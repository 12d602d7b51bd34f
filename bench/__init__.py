"""Benchmarks of CLMIS's tenancy machinery: routed API requests, country provisioning, migrate checks.

Run with `python bench/run.py` (see bench/README.md); results go to docs/performance.md.
"""
