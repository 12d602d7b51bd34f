"""The smoke checks of an upgraded country, run while it is still closed: its schema is current, no
table lost rows, and its key pages and APIs answer as they should."""

import logging

from django.db import connection
from django.test import Client
from django.utils.translation import gettext as _

from tenants.migration_state import schemas_behind
from tenants.models import Country
from tenants.routing import SMOKE_CHECK
from tenants.schemas import table_counts

# (path, the statuses it should answer) asked anonymously: sign-in, the public figures (past the
# cache), the API's schema (which loads every serializer of every module) and an API refusing an
# anonymous reader.
SMOKE_PAGES = (
    ("/accounts/login/", {200}),
    ("/lmi/?smoke=1", {200}),
    ("/lmi/calendar/?smoke=1", {200}),
    ("/api/schema/", {200}),
    ("/api/v1/me/", {401, 403}),
)


def smoke_problems(country: Country, *, backup: str) -> list[str]:
    """What is wrong with the country after its migration (nothing: an empty list)."""
    problems = []
    if schemas_behind([country.schema_name]):
        problems.append(_("migrations are still missing"))
    before, after = table_counts(backup), table_counts(country.schema_name)
    for table, rows in before.items():
        if table in after and after[table] < rows:
            problems.append(
                _("%(table)s lost rows: %(before)s before, %(after)s after")
                % {"table": table, "before": rows, "after": after[table]}
            )
    problems += _page_problems(country)
    return problems


def _page_problems(country: Country) -> list[str]:
    client = Client(HTTP_HOST=country.host(), **{SMOKE_CHECK: True})
    problems = []
    # The refusals asked for on purpose (401, 403) are not warnings for the log; errors still are.
    requests_log = logging.getLogger("django.request")
    level = requests_log.level
    requests_log.setLevel(logging.ERROR)
    try:
        for path, expected in SMOKE_PAGES:
            status = client.get(path).status_code
            if status not in expected:
                problems.append(
                    _("%(path)s answered %(status)s, not %(expected)s")
                    % {"path": path, "status": status, "expected": " or ".join(map(str, sorted(expected)))}
                )
    finally:
        requests_log.setLevel(level)
        connection.set_schema_to_public()
    return problems
