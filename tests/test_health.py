"""/health/ answers while the process does; /health/ready/ reports database, broker and migration state;
both on any host, without secrets."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.support import client_for


def test_ready_on_every_host(countries, db):
    for host in ("localhost", "kn.localhost", "127.0.0.1", "anything.example"):
        response = client_for(host).get("/health/ready/")
        assert response.status_code == 200, host
        body = response.json()
        assert body["status"] == "ok"
        assert body["database"] == {"ok": True} and body["broker"] == {"ok": True}
        assert body["migrations"]["ok"] and body["migrations"]["public_pending"] == 0
        assert body["migrations"]["schemas_behind"] == []
        assert body["migrations"]["countries"] >= 3
        assert response["Cache-Control"] == "no-store"


def test_not_ready_names_a_country_schema_that_is_behind(kn):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM kn.django_migrations WHERE app = 'authtoken' AND name LIKE '0004%%'")
    response = client_for("localhost").get("/health/ready/")
    assert response.status_code == 503
    assert response.json()["migrations"]["schemas_behind"] == ["kn"]
    assert response.json()["status"] == "failing"


def test_not_ready_with_an_unreachable_broker_says_so_without_its_address(countries, db, settings):
    settings.CELERY_BROKER_URL = "redis://secret-user:secret-pass@127.0.0.1:1/0"
    response = client_for("localhost").get("/health/ready/")
    assert response.status_code == 503
    assert response.json()["broker"]["ok"] is False
    assert b"secret" not in response.content and b"127.0.0.1" not in response.content


def test_alive_asks_nothing_of_the_database_or_the_broker(countries, db, settings):
    """A supervisor restarts a process that is not alive: an outage elsewhere must not look like that."""
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    with CaptureQueriesContext(connection) as queries:
        response = client_for("anything.example").get("/health/")
    assert response.status_code == 200 and response.json() == {"status": "alive"}
    assert len(queries) == 0
    assert response["Cache-Control"] == "no-store"


def test_the_health_command_says_ready_or_fails(countries, db, settings, capsys):
    call_command("health")
    assert json.loads(capsys.readouterr().out)["status"] == "ok"
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    with pytest.raises(CommandError, match="Not ready"):
        call_command("health")
    assert json.loads(capsys.readouterr().out)["broker"]["ok"] is False
