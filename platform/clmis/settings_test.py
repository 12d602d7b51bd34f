"""Settings for the test suite: the deployment's settings with test-only speed-ups and isolation."""

import os

from clmis.settings import *  # noqa: F403

# Hashing with PBKDF2 would cost a quarter of a second per sign-in; tests sign in hundreds of times.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Each test process gets its own cache, so rate-limit counters never leak between test runs.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "KEY_FUNCTION": "django_tenants.cache.make_key",
    }
}
# Tasks go through the real broker; results come back through memory, visible to the in-process worker.
CELERY_RESULT_BACKEND = "cache+memory://"
BASE_DOMAIN = "localhost"
HUB_HOSTS = ["localhost"]
# A case module that exists only for the tests of the case-work core (tests/casework_app).
# And one whose last migration the release-train tests roll out (tests/upgrade_app).
TENANT_APPS = [*TENANT_APPS, "tests.casework_app", "tests.upgrade_app"]  # noqa: F405
INSTALLED_APPS = [*INSTALLED_APPS, "tests.casework_app", "tests.upgrade_app"]  # noqa: F405
# Test countries are closed and upgraded by rollouts in the test process itself: nothing to drain.
RELEASE_DRAIN_SECONDS = 0
# Under pytest-xdist each test process has a test database of its own (pytest-django names it after the
# process): its uploaded files get a folder of their own too, where ids of both databases would meet.
if os.environ.get("PYTEST_XDIST_WORKER"):
    MEDIA_ROOT = MEDIA_ROOT / os.environ["PYTEST_XDIST_WORKER"]  # noqa: F405
