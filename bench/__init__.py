"""Benchmarks of CLMIS: routed API requests, country provisioning, migrate checks, the employers register.

Run with `python bench/run.py` (see bench/README.md); results go to docs/performance.md.
"""
