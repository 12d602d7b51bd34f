import pytest

from modules.monitoring.models import Activity
from tests.modules.monitoring.helpers import record
from tests.support import client_for, sign_in


@pytest.fixture
def officer(kn):
    return sign_in(client_for("kn.localhost"), kn, "officer")


@pytest.fixture
def supervisor(kn):
    return sign_in(client_for("kn.localhost"), kn, "supervisor")


@pytest.fixture
def draft(kn) -> Activity:
    return record(kn, title="Know your rights session at Sandy Point", type="OUTREACH", district="KN-03")
