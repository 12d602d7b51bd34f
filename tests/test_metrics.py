"""/metrics/: requests by country and status, tasks' times and failures, queue depths and the hub's
collection lag, for a scraper with the token; nothing for anyone else."""

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context
from prometheus_client.parser import text_string_to_metric_families

from clmis.metrics import queue_depths
from clmis.tasks import ping
from regional_hub.facts.models import CountryCollection
from tests.support import client_for

TOKEN = "scraper-token-0123456789"


@pytest.fixture
def scrape(settings):
    settings.CLMIS_METRICS_TOKEN = TOKEN

    def scrape() -> dict[tuple[str, tuple], float]:
        answer = client_for("localhost").get("/metrics/", headers={"Authorization": f"Bearer {TOKEN}"})
        assert answer.status_code == 200
        return {
            (sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(answer.content.decode())
            for sample in family.samples
        }

    return scrape


def test_requests_are_counted_by_country_and_status(countries, db, scrape):
    key = ("clmis_http_requests_total", (("country", "kn"), ("status", "404")))
    before = scrape().get(key, 0)
    for _ in range(3):
        client_for("kn.localhost").get("/no-such-page/")
    client_for("lc.localhost").get("/no-such-page/")
    after = scrape()
    assert after[key] == before + 3
    assert after[("clmis_http_request_seconds_count", (("country", "kn"),))] >= 3


def test_tasks_are_timed_and_their_failures_counted(countries, db, scrape):
    timed = ("clmis_task_seconds_count", (("country", "kn"), ("task", "clmis.tasks.ping")))
    failures = ("clmis_task_failures_total", (("country", "kn"), ("task", "clmis.tasks.ping")))
    before = scrape()
    with tenant_context(countries["kn"]):
        assert ping.apply().get() == {"schema": "kn"}
        assert ping.apply(args=("an argument ping does not take",)).failed()
    after = scrape()
    assert after[timed] == before.get(timed, 0) + 2  # both ran, one to the end and one to its error
    assert after[failures] == before.get(failures, 0) + 1


def test_the_state_is_read_at_each_scrape(countries, db, scrape):
    CountryCollection.objects.update_or_create(
        country=countries["kn"], defaults={"collected_until": timezone.now() - datetime.timedelta(hours=2)}
    )
    metrics = scrape()
    assert 7190 < metrics[("clmis_collection_lag_seconds", (("country", "kn"),))] < 7300
    assert {queue for (name, labels) in metrics if name == "clmis_queue_depth" for _k, queue in labels} == {
        "default",
        "computation",
        "collection",
        "upgrades",
    }
    assert set(queue_depths().values()) <= {
        metrics[("clmis_queue_depth", (("queue", q),))] for q in queue_depths()
    }


def test_no_token_no_metrics(countries, db, settings):
    settings.CLMIS_METRICS_TOKEN = ""
    assert client_for("localhost").get("/metrics/").status_code == 404
    settings.CLMIS_METRICS_TOKEN = TOKEN
    for given in ("", "Bearer wrong", TOKEN):
        answer = client_for("kn.localhost").get("/metrics/", headers={"Authorization": given})
        assert answer.status_code == 404, given
