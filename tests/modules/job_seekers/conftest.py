import pytest

from tests.support import client_for, sign_in


@pytest.fixture
def officer(kn):
    return sign_in(client_for("kn.localhost"), kn, "officer")


@pytest.fixture
def supervisor(kn):
    return sign_in(client_for("kn.localhost"), kn, "supervisor")
