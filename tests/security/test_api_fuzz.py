"""The API fuzzed with schemathesis: every operation of the country's and the hub's OpenAPI schemas,
called with requests generated from the schema, valid ones and invalid ones, as a user who may do
everything there. No answer is a server error, and every answer is one the schema documents: its
status code, its content type and the shape of its body.

The schemas are read as a client reads them, from /api/schema/ on each host. The country's user
holds every country role, has two-factor authentication and submits for a partner agency; the hub's
is its administrator, with two-factor authentication; both send an API token. An operation with ids
in its path is called with the ids of rows the country has (tests.security.isolation_support makes
one of every model), so that reads and writes reach the code behind the lookup; invalid cases change
its query or body, or the ids where there is nothing else. Every request runs in a savepoint rolled
back after it: the writes of one example never change what the next finds.

A few examples per operation, generated with a fixed seed, keep the suite in CI's time; set
FUZZ_EXAMPLES for a longer run (FUZZ_EXAMPLES=100 pytest tests/security/test_api_fuzz.py -s).
"""

import json
import logging
import os
import re
import sys
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field

import pytest
import schemathesis
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.exceptions import ValidationError
from django.core.signals import got_request_exception
from django.db import connection, transaction
from django.test.client import ClientHandler
from django.urls import resolve
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from clmis.accounts.roles import Scope, roles_for_scope
from clmis.accounts.services import api_token_issue, user_create
from modules.farm_programme.models import RecruitmentRound
from modules.indicators.models import Indicator
from modules.indicators.services import agency_member_add, agency_save
from modules.registry import installed_modules
from tenants.models import ModuleEnablement
from tenants.routing import forget_routes
from tests.security.isolation_support import CountryRows, bindings_for, routes_of
from tests.support import PASSWORD, client_for, user_in

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
# The operations fuzzed, by a pattern of "METHOD /path" (FUZZ_ONLY="PATCH /api/v1/disputes/"): all by default.
ONLY = os.environ.get("FUZZ_ONLY", "")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


class ServedAsInTests:
    """Django's test request handler as a WSGI application for schemathesis to call: the request is
    served as the test client serves it (in the test's transaction, its connection kept open, where
    Django's own WSGI handler would close it), and a server error's traceback is kept for the report."""

    def __init__(self):
        self.handler = ClientHandler(enforce_csrf_checks=False)
        self.errors: list[str] = []

    def __call__(self, environ, start_response):
        got_request_exception.connect(self._keep_error)
        try:
            response = self.handler(environ)
        finally:
            got_request_exception.disconnect(self._keep_error)
        cookies = [("Set-Cookie", morsel.OutputString()) for morsel in response.cookies.values()]
        headers = [*response.items(), *cookies]
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        return response

    def _keep_error(self, sender, request=None, **kwargs) -> None:
        error = sys.exc_info()[1]
        frames = traceback.extract_tb(error.__traceback__)
        ours = [frame for frame in frames if "site-packages" not in frame.filename]
        where = "".join(traceback.format_list(ours[-4:]))
        self.errors.append(f"{where}{type(error).__name__}: {error}")


@dataclass
class Report:
    """What a fuzzing run did: per operation, the cases sent and the first failure found."""

    operations: int = 0
    cases: int = 0
    answers: Counter = field(default_factory=Counter)
    failures: dict[str, str] = field(default_factory=dict)

    def summary(self) -> dict:
        return {
            "operations": self.operations,
            "cases": self.cases,
            "answers": dict(sorted(self.answers.items())),
            "failures": len(self.failures),
        }


def fuzz(raw_schema: dict, *, host: str, urlconf: str, headers: dict, rows: CountryRows | None) -> Report:
    """Every operation of the schema called with EXAMPLES generated cases that its schema accepts, and
    as many that it refuses (negative). With `rows`, ids in the path are those of the country's rows
    (an id nobody has only ever finds a 404); invalid cases then change the query or the body, or
    the ids themselves where there is nothing else to change."""
    schema = schemathesis.openapi.from_dict(raw_schema)
    app, report = ServedAsInTests(), Report()
    routes = {route.route: route for route in routes_of(urlconf)} if rows else {}
    for result in schema.get_all_operations():
        operation = result.ok()
        label = f"{operation.method.upper()} {operation.path}"
        if not re.search(ONLY, label):
            continue
        report.operations += 1
        fixed = _row_ids(operation, routes, rows, urlconf) if rows else None
        more_to_change = bool(len(operation.query) or len(operation.body))
        for mode, path_parameters in (
            (GenerationMode.POSITIVE, fixed),
            (GenerationMode.NEGATIVE, fixed if more_to_change else None),
        ):
            strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)
            try:
                _run(strategy, app, report, host=host, headers=headers)
            except Unsatisfiable:
                continue  # nothing it could be sent that its schema refuses
            except (Exception, FailureGroup) as failure:  # the smallest failing case, as shrunk
                errors = "\n".join(dict.fromkeys(app.errors))
                report.failures.setdefault(label, f"{mode.value}: {errors}\n{str(failure)[:3000]}")
            finally:
                app.errors.clear()
    return report


def _run(strategy, app: ServedAsInTests, report: Report, *, host: str, headers: dict) -> None:
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def example(case) -> None:
        report.cases += 1
        with transaction.atomic():
            response = case.call(app=app, base_url=f"http://{host}", headers=headers)
            transaction.set_rollback(True)
        connection.set_schema_to_public()
        report.answers[str(response.status_code)] += 1
        case.validate_response(response, checks=CHECKS)

    example()


def _row_ids(operation, routes: dict, rows: CountryRows, urlconf: str) -> dict | None:
    """The operation's path parameters filled with the ids of one of the country's rows, if some
    row fills them (None for an operation without parameters in its path)."""
    names = [parameter.name for parameter in operation.path_parameters]
    if not names:
        return None
    example = operation.path
    for name in names:
        example = example.replace(f"{{{name}}}", "1")
    route = routes.get(resolve(example, urlconf).route)
    bindings = bindings_for(route, rows) if route else []
    if not bindings:
        return None
    values = bindings[0].values
    # The schema names the parameters as the route does, but for pk which it calls id.
    return {name: values[kwarg] for name, kwarg in zip(names, route.kwargs, strict=True)}


@pytest.fixture
def every_module(kn):
    """Every installed module enabled in kn: a disabled one answers 404 before anything is tried."""
    with schema_context(get_public_schema_name()):
        for config in installed_modules():
            ModuleEnablement.objects.get_or_create(country=kn, module=config.manifest.key)
    forget_routes()


@pytest.fixture
def kn_rows(kn, every_module, settings, tmp_path) -> CountryRows:
    """A made-up row of every model kn owns (tests.security.isolation_support), each valid as the API
    would have saved it: the answers about them must then match the schema."""
    settings.MEDIA_ROOT = tmp_path
    rows = CountryRows(kn)
    rows.every_row()
    with tenant_context(kn):
        # Made up from each field's type; these two fields ask more (a year, an upper-case code).
        RecruitmentRound.objects.filter(pk=rows.of(RecruitmentRound).pk).update(season=2026)
        Indicator.objects.filter(pk=rows.of(Indicator).pk).update(code="ZQKN_MADE_UP")
        assert not _invalid_values(rows), "Give these made-up rows a value their field accepts here."
    return rows


def _invalid_values(rows: CountryRows) -> list[str]:
    invalid = []
    for model, row in rows.made.items():
        if getattr(model, "instance_type", None) is not None:
            continue  # a history row, which the API never shows
        row.refresh_from_db()
        for model_field in model._meta.concrete_fields:
            value = getattr(row, model_field.attname)
            try:
                if not model_field.is_relation and value not in model_field.empty_values:
                    model_field.run_validators(value)
            except ValidationError:
                invalid.append(f"{model._meta.label}.{model_field.name} = {value!r}")
    return invalid


@pytest.fixture
def country_token(kn, kn_rows) -> dict:
    """kn's user with every country role, two-factor authentication and an agency to submit for."""
    with tenant_context(kn):
        user = user_create(
            username="fuzzer",
            email="fuzzer@example.org",
            password=PASSWORD,
            roles=[role.key for role in roles_for_scope(Scope.COUNTRY)],
        )
        TOTP.activate(user, generate_totp_secret())
        agency = agency_save(values={"name": "Fuzzing agency", "kind": "statistics"}, version=None, by=None)
        agency_member_add(agency=agency, user=user, by=None)
        return {"Authorization": f"Token {api_token_issue(user=user).key}"}


@pytest.fixture
def hub_token(countries, db) -> dict:
    """The hub's administrator, with two-factor authentication."""
    with schema_context(get_public_schema_name()):
        user = user_in(None, "hub_admin")
        TOTP.activate(user, generate_totp_secret())
        return {"Authorization": f"Token {api_token_issue(user=user).key}"}


@pytest.fixture(autouse=True)
def _quiet():
    """Django logs every 4xx answer as a warning: thousands of lines that hide the report."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


def _schema_of(host: str) -> dict:
    answer = client_for(host).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert answer.status_code == 200
    return json.loads(answer.content)


def _reported(name: str, report: Report, started: float, tmp_path_factory) -> list[str]:
    """The run's figures, printed (-s) and written as JSON with every failure found."""
    summary = {**report.summary(), "seconds": round(time.monotonic() - started, 1)}
    path = tmp_path_factory.getbasetemp() / f"api-fuzz-{name}.json"
    path.write_text(json.dumps({**summary, "failures": report.failures}, indent=1))
    print(f"\n{name} API fuzzed ({path}): {json.dumps(summary)}")
    return [f"{label}\n{failure}" for label, failure in sorted(report.failures.items())]


def test_no_country_operation_fails_or_answers_outside_its_schema(country_token, kn_rows, tmp_path_factory):
    started = time.monotonic()
    raw = _schema_of("kn.localhost")
    report = fuzz(raw, host="kn.localhost", urlconf="clmis.urls.country", headers=country_token, rows=kn_rows)
    failures = _reported("country", report, started, tmp_path_factory)
    assert not failures, "\n\n".join(failures)
    # Every operation of the country's API (228 when this was written), unless FUZZ_ONLY picks some.
    assert report.operations > 200 or ONLY


def test_no_hub_operation_fails_or_answers_outside_its_schema(hub_token, tmp_path_factory):
    started = time.monotonic()
    raw = _schema_of("localhost")
    report = fuzz(raw, host="localhost", urlconf="clmis.urls.hub", headers=hub_token, rows=None)
    failures = _reported("hub", report, started, tmp_path_factory)
    assert not failures, "\n\n".join(failures)
    assert report.operations >= 6 or ONLY
