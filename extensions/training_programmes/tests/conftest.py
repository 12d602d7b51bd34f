"""The platform's test setup (tests/conftest.py of a CLMIS checkout): its test database, the countries
kn, lc and sr with one user per role, and the clean-up after each test.

This folder is not a package (no __init__.py): the platform's own `tests` package stays the one that
imports as `tests`, so the fixtures come from there.
"""

import pytest
from django_tenants.utils import get_public_schema_name, schema_context

from tenants.models import ModuleEnablement
from tenants.routing import forget_routes
from tenants.services import country_roles_sync
from tests.conftest import _back_to_public, countries, django_db_setup, kn, lc  # noqa: F401


@pytest.fixture
def training_in_lc(lc):  # noqa: F811 - the platform's fixture, imported above
    """The module enabled in Saint Lucia, as it is once the hub has accepted it (the hub's review and
    the refusal to enable it before are the platform's tests, tests/regional_hub/test_extensions.py)."""
    with schema_context(get_public_schema_name()):
        ModuleEnablement.objects.create(country=lc, module="training_programmes", enabled_by="test")
        country_roles_sync(lc)
    forget_routes()
    return lc
