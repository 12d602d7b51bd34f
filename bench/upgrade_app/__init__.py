"""A bench-only app whose last migration benchmark 15 applies to 200 schemas (bench/settings_upgrade.py)."""
