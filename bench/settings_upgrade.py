"""Settings of the upgrade benchmarks' own database (bench/upgrade.py): the product's, plus a bench-only
app in every country schema whose last migration is the release benchmark 15 rolls out."""

from clmis.settings import *  # noqa: F403

TENANT_APPS = [*TENANT_APPS, "bench.upgrade_app"]  # noqa: F405
INSTALLED_APPS = [*INSTALLED_APPS, "bench.upgrade_app"]  # noqa: F405
