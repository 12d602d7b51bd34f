"""Collection tasks: sent in a country (each runs in the schema it was sent from), on publication and
every night for the reconciliation of every country."""

from dataclasses import asdict

from clmis.celery import app
from clmis.tasks import countries_send
from regional_hub.facts.collection import facts_collect


@app.task
def facts_collect_country(full: bool = False) -> dict:
    """Collect the country's published harmonised values into the hub (incremental unless `full`)."""
    return asdict(facts_collect(full=full))


@app.task
def facts_reconcile_everywhere() -> int:
    """The nightly full collection of every country (from the beat schedule): repairs what was missed."""
    return len(countries_send(facts_collect_country, kwargs={"full": True}))
