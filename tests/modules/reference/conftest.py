import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from django_tenants.utils import tenant_context

from modules.reference.models import Classification
from modules.reference.services import national_code_save, national_table_create
from tests.support import client_for, sign_in, user_in


@pytest.fixture
def admin_client(kn) -> Client:
    """kn's LMIS administrator, signed in, with the authenticator app a privileged role needs."""
    with tenant_context(kn):
        TOTP.activate(user_in(kn, "lmis_admin"), generate_totp_secret())
    return sign_in(client_for("kn.localhost"), kn, "lmis_admin")


@pytest.fixture
def officer_client(kn) -> Client:
    return sign_in(client_for("kn.localhost"), kn, "officer")


@pytest.fixture
def occupations(kn) -> Classification:
    """kn's national occupation list, mapped to ISCO-08: 22 (health) > 2221 (nurse) > 2221-01 (ward nurse)."""
    with tenant_context(kn):
        by = user_in(kn, "lmis_admin")
        table = national_table_create(key="kn-occupations", title="KN occupations", maps_to="isco08", by=by)
        national_code_save(table=table, code="22", title="Health professionals", harmonised_code="22", by=by)
        national_code_save(
            table=table, code="2221", title="Nurse", parent="22", harmonised_code="2221", by=by
        )
        national_code_save(
            table=table, code="2221-01", title="Ward nurse", parent="2221", harmonised_code="2221", by=by
        )
        return table
