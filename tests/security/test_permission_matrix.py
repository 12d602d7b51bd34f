"""The permission matrix (issue 10): each role against each action, as declared in permissions.csv,
tried through the pages and the API of a country (and of the hub for its countries console).

permissions.csv is the specification: one row per register (or settings page) and action, one column per
role. A change of grants in roles.py or a manifest fails these tests until the table is changed on
purpose, and a new register fails them until it has its rows. An action refused changes nothing.
"""

import csv
import datetime
import inspect
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Model
from django.test import Client
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context

from clmis.accounts.roles import ROLES_BY_KEY, Scope, role_grants, roles_for_scope
from clmis.memo import forget_all_in_process
from clmis.records.api import PartListApi, RecordDetailApi, RecordListApi
from clmis.records.pages import RecordPages
from modules.casework.country_workflow import shipped_workflow
from modules.casework.models import Case, ExtraState, LetterTemplate, NumberingRule, StateDeadline
from modules.configuration.models import ConfigurationImport
from modules.country_settings.models import CountrySettings
from modules.job_seekers.models import RegistrationRules
from modules.job_seekers.services import job_seeker_register
from modules.reference.models import Classification
from modules.registry import installed_modules
from modules.workplaces.services import workplace_save
from regional_hub.catalogue.models import HarmonisedIndicator
from regional_hub.data_requests.models import DataRequest
from regional_hub.releases.models import Rollout
from tenants.models import Country, ModuleEnablement, ServiceProvider
from tenants.routing import forget_routes
from tenants.services import country_roles_sync
from tests.support import client_for, sign_in, user_in

TABLE = Path(__file__).with_name("permissions.csv")
ALLOW, DENY, NOT_HERE = "allow", "deny", "-"
ACTIONS = ("read", "create", "edit", "transition", "export", "configure")
COUNTRY_ROLES = tuple(role.key for role in roles_for_scope(Scope.COUNTRY))
HUB_ROLES = tuple(role.key for role in roles_for_scope(Scope.HUB))
TODAY = datetime.date.today()
JSON = "application/json"


# The table ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    subject: str
    action: str
    transition: str
    cells: tuple[tuple[str, str], ...]

    @property
    def name(self) -> str:
        return "-".join(part for part in (self.subject, self.action, self.transition) if part)

    def cell(self, role: str) -> str:
        return dict(self.cells)[role]

    @property
    def hub(self) -> bool:
        return self.subject.startswith("hub.")


def _table() -> list[Row]:
    lines = [line for line in TABLE.read_text().splitlines() if line.strip() and not line.startswith("#")]
    rows = []
    for values in csv.DictReader(lines):
        cells = tuple((key, values[key].strip()) for key in (*COUNTRY_ROLES, *HUB_ROLES))
        rows.append(Row(values["subject"], values["action"], values["transition"], cells))
    return rows


ROWS = _table()
PROBES = [
    pytest.param(row, role, id=f"{row.name}-{role}")
    for row in ROWS
    for role in (HUB_ROLES if row.hub else COUNTRY_ROLES)
]


# The registers, found behind the country's URLs --------------------------------------------------------


@dataclass
class Register:
    """A RecordPages and the names of its pages and API list, found among the country's URL patterns."""

    pages: RecordPages
    urls: dict[str, str] = field(default_factory=dict)
    api: str = ""
    api_detail: str = ""

    @property
    def label(self) -> str:
        return self.pages.model._meta.label_lower

    @property
    def model(self) -> type[Model]:
        return self.pages.model


def _pages_of(view) -> RecordPages | None:
    for cell in inspect.unwrap(view).__closure__ or ():
        try:
            contents = cell.cell_contents
        except ValueError:
            continue
        if isinstance(contents, RecordPages):
            return contents
    return None


def _registers() -> dict[str, Register]:
    """Every register with RecordPages in a country: its pages by action (list, detail, create, edit,
    export) and the API that lists its records and the one of a record, if any."""
    pages_views: dict[int, Register] = {}
    api_lists: dict[type[Model], str] = {}
    api_details: dict[type[Model], str] = {}

    def walk(patterns, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, namespace + (f"{pattern.namespace}:" if pattern.namespace else ""))
                continue
            api_view = getattr(pattern.callback, "cls", None)
            if api_view and pattern.name and issubclass(api_view, RecordListApi | RecordDetailApi):
                model = getattr(getattr(api_view.serializer_class, "Meta", None), "model", None)
                if issubclass(api_view, RecordDetailApi):
                    api_details[model] = namespace + pattern.name
                elif not issubclass(api_view, PartListApi):
                    api_lists[model] = namespace + pattern.name
            pages = _pages_of(pattern.callback)
            if pages is not None and pattern.name:
                register = pages_views.setdefault(id(pages), Register(pages))
                kind = inspect.unwrap(pattern.callback).__qualname__.split(".")[-3].removesuffix("_view")
                register.urls[kind] = namespace + pattern.name

    walk(get_resolver("clmis.urls.country").url_patterns, "")
    registers = {}
    for register in pages_views.values():
        # A module's own create or edit page (job seekers: duplicates are found first) keeps the names.
        prefix = register.urls["list"].removesuffix("list")
        for kind in ("create", "edit", "detail", "export"):
            name = prefix + kind
            if kind not in register.urls and _url_exists(name):
                register.urls[kind] = name
        register.api = api_lists.get(register.model, "")
        register.api_detail = api_details.get(register.model, "")
        registers[register.label] = register
    return registers


def _url_exists(name: str) -> bool:
    for args in ((), (1,)):
        try:
            reverse(name, urlconf="clmis.urls.country", args=args)
        except NoReverseMatch:
            continue
        return True
    return False


REGISTERS = _registers()


# What each register's form is given: as a person types it, `n` making what must be unique differ --------
# (the record the tests act on is made from n=0 by the module's own service, through its form).

Values = Callable[[dict[str, Model], int], dict[str, object]]


def _ago(days: int = 0, years: int = 0) -> str:
    return str(TODAY.replace(year=TODAY.year - years) - datetime.timedelta(days=days))


def _ahead(days: int) -> str:
    return str(TODAY + datetime.timedelta(days=days))


# In the order they are made: a record refers to those made before it.
FORMS: dict[str, Values] = {
    "employers.employer": lambda r, n: {
        "name": f"Matrix Hotel {n}",
        "registration_number": f"PM-{n}",
        "isic": "5510",
        "district": "KN-03",
        "active": "on",
    },
    "unions.tradeunion": lambda r, n: {
        "name": f"Matrix Workers Union {n}",
        "registration_number": f"TU-PM-{n}",
        "members_women": "10",
        "members_men": "12",
        "active": "on",
    },
    "workplaces.workplace": lambda r, n: {
        "name": f"Matrix site {n}",
        "district": "KN-03",
        "workers_women": "3",
        "workers_men": "4",
        "active": "on",
    },
    "job_seekers.jobseeker": lambda r, n: {
        "first_name": ("Junior", "Shanice", "Andre")[n],
        "family_name": ("Browne", "Liburd", "Phillip")[n],
        "sex": ("M", "F", "M")[n],
        "birth_date": _ago(days=40 + n, years=30 + n),
        "district": "KN-03",
        "hours": "full_time",
        "occupation_1": "5120",
        "opened_on": str(TODAY),
    },
    "vacancies.vacancy": lambda r, n: {
        "employer": r["employers.employer"].pk,
        "title": f"Cook {n}",
        "occupation": "5120",
        "posts": "2",
        "contract": "permanent",
        "hours": "full_time",
        "opened_on": str(TODAY),
        "closes_on": _ahead(30),
    },
    "vacancies.workrequest": lambda r, n: {
        "employer": r["employers.employer"].pk,
        "contact_person": f"Contact {n}",
        "occupation": "5120",
        "posts": "2",
        "opened_on": str(TODAY),
    },
    "matching.jobreferral": lambda r, n: {
        "job_seeker": r[("job_seekers.jobseeker", "job_seekers.jobseeker:2")[n]].reference,
        "vacancy": r["vacancies.vacancy"].reference,
        "notes": f"Referral {n}",
    },
    "farm_programme.recruitmentround": lambda r, n: {
        "season": str(TODAY.year + n),
        "destination": "CA",
        "programme": "SAWP",
        "opens_on": str(TODAY),
        "closes_on": _ahead(60),
        "places": "10",
        "currency": "CAD",
        "status": "open",
    },
    "farm_programme.farmworker": lambda r, n: {
        "round": r["farm_programme.recruitmentround"].pk,
        "name": f"Farm Worker {n}",
        "sex": "M",
        "birth_date": _ago(years=30 + n),
        "district": "KN-03",
        "opened_on": str(TODAY),
    },
    "complaints.complaint": lambda r, n: {
        "complainant_name": f"Cavel Mills {n}",
        "complainant_sex": "F",
        "employer": r["employers.employer"].pk,
        "category": "WAGES",
        "opened_on": str(TODAY),
    },
    "accidents.accident": lambda r, n: {
        "notified_on": _ago(days=7),
        "notified_by": "Site manager",
        "person_name": f"Dwayne Hodge {n}",
        "person_sex": "M",
        "person_age": "34",
        "employer": r["employers.employer"].pk,
        "occurred_on": _ago(days=7),
        "place": "Building site, Bay Road",
        "days_lost": "0",
        "opened_on": str(TODAY),
    },
    "disputes.dispute": lambda r, n: {
        "employer": r["employers.employer"].pk,
        "union": r["unions.tradeunion"].pk,
        "issues": ["WAGES"],
        "description": f"Dispute {n}",
        "reported_on": str(TODAY),
        "opened_on": str(TODAY),
    },
    "industrial_actions.industrialaction": lambda r, n: {
        "action_type": "strike",
        "employer": r["employers.employer"].pk,
        "workers_women": "5",
        "workers_men": "6",
        "started_on": _ago(days=2),
        "cause": "WAGES",
        "description": f"Strike {n}",
        "opened_on": str(TODAY),
    },
    "inspections.inspection": lambda r, n: {
        "kind": "planned",
        "workplace": r["workplaces.workplace"].pk,
        "opened_on": str(TODAY),
    },
    "migrant_assistance.assistancerequest": lambda r, n: {
        "person_name": f"Marisa Kartodikromo {n}",
        "person_sex": "F",
        "destination": "CA",
        "request_type": "CONTRACT",
        "description": f"Request {n}",
        "opened_on": str(TODAY),
    },
    "redundancies.redundancy": lambda r, n: {
        "employer": r["employers.employer"].pk,
        "notified_on": str(TODAY),
        "effective_on": _ahead(30),
        "reason": "RESTRUCTURING",
        "description": f"Redundancy {n}",
        "opened_on": str(TODAY),
    },
    "work_permits.workpermit": lambda r, n: {
        "employer": r["employers.employer"].pk,
        "position": "Chef",
        "occupation": "3434",
        "duration_months": "12",
        "monthly_salary": "5000",
        "currency": "XCD",
        "worker_name": f"Ana Permit {n}",
        "worker_sex": "F",
        "worker_birth_date": _ago(years=30),
        "citizenship": "GY",
        "country_of_birth": "GY",
        "passport_number": f"P-PM-{n}",
        "opened_on": str(TODAY),
    },
    "monitoring.activity": lambda r, n: {
        "activity_type": "VISIT",
        "title": f"Outreach visits {n}",
        "part": "organised",
        "held_on": _ago(days=3),
        "sessions": "2",
        "participants_women": "5",
        "participants_men": "3",
        "staff_involved": "2",
    },
    "vacancy_surveys.surveyround": lambda r, n: {
        "title": f"Survey round {n}",
        "reference_date": _ahead(10 + n),
        "opens_on": _ahead(10),
        "closes_on": _ahead(40),
    },
    "custom_fields.customfield": lambda r, n: {
        "record": "employers.employer",
        "key": f"matrix_{n}",
        "label": f"Matrix {n}",
        "kind": "text",
        "position": "0",
        "active": "on",
    },
    "labels.label": lambda r, n: {
        "target": ("employers.employer.phone", "employers.employer.email")[n],
        "language": "en",
        "text": f"Label {n}",
    },
    "news.article": lambda r, n: {
        "title": f"Matrix article {n}",
        "kind": "analysis",
        "summary": "A summary.",
        "body": "The body.",
    },
    "indicators.agency": lambda r, n: {
        "name": f"Matrix Agency {n}",
        "acronym": f"MA{n}",
        "kind": "statistics",
        "active": "on",
    },
    "indicators.indicator": lambda r, n: {
        "code": f"PM_IND_{n}",
        "name": f"Matrix indicator {n}",
        "topic": "employment",
        "unit": "NB",
        "multiplier": "0",
        "frequencies": ["A"],
        "dimensions": ["SEX"],
        "active": "on",
    },
    "indicators.release": lambda r, n: {
        "indicator": r["indicators.indicator"].pk,
        "period": str(TODAY.year - 1 - n),
        "planned_on": _ahead(30),
    },
    "training_programmes.trainingprogramme": lambda r, n: {
        "title": f"Matrix programme {n}",
        "provider": "TVET Council",
        "occupation": "7212",
        "starts_on": _ahead(10),
        "ends_on": _ahead(40),
        "places": "10",
    },
}
# The field an edit changes, and to what.
EDITS: dict[str, dict[str, object]] = {
    "employers.employer": {"phone": "869-465-2754"},
    "unions.tradeunion": {"phone": "869-465-2754"},
    "workplaces.workplace": {"phone": "869-465-2754"},
    "job_seekers.jobseeker": {"phone": "869-465-2754"},
    "vacancies.vacancy": {"place_of_work": "Frigate Bay"},
    "vacancies.workrequest": {"description": "Changed"},
    "matching.jobreferral": {"notes": "Changed"},
    "farm_programme.recruitmentround": {"notes": "Changed"},
    "farm_programme.farmworker": {"phone": "869-465-2754"},
    "complaints.complaint": {"description": "Changed"},
    "accidents.accident": {"description": "Changed"},
    "disputes.dispute": {"description": "Changed"},
    "industrial_actions.industrialaction": {"description": "Changed"},
    "inspections.inspection": {"findings": "Changed"},
    "migrant_assistance.assistancerequest": {"description": "Changed"},
    "redundancies.redundancy": {"description": "Changed"},
    "work_permits.workpermit": {"qualifications": "Changed"},
    "monitoring.activity": {"description": "Changed"},
    "vacancy_surveys.surveyround": {"notes": "Changed"},
    "custom_fields.customfield": {"label": "Changed"},
    "labels.label": {"text": "Changed"},
    "news.article": {"summary": "Changed."},
    "indicators.agency": {"email": "stats@example.org"},
    "indicators.indicator": {"notes": "Changed"},
    "indicators.release": {"note": "Changed"},
    "training_programmes.trainingprogramme": {"places": "12"},
}
# The arguments of a create page that belongs to another record (a workplace is added from its employer).
CREATE_ARGS: dict[str, Callable[[dict[str, Model]], list[int]]] = {
    "workplaces.workplace": lambda records: [records["employers.employer"].pk],
}


# Where a register's pages save only changes (its create page is its own), the module's service that adds one.
MAKERS: dict[str, Callable[[dict, dict[str, Model]], Model]] = {
    "job_seekers.jobseeker": lambda values, records: job_seeker_register(values=values, by=None),
    "workplaces.workplace": lambda values, records: workplace_save(
        employer=records["employers.employer"], workplace=None, values=values, version=None, by=None
    ),
}


def _record_make(register: Register, records: dict[str, Model], n: int = 0) -> Model:
    """A record made by the module's own service from what its form takes."""
    form = register.pages.form(FORMS[register.label](records, n))
    assert form.is_valid(), f"{register.label}: {form.errors.as_json()}"
    if register.label in MAKERS:
        return MAKERS[register.label](form.values(), records)
    return register.pages.save(None, form.values(), None, None)


# The settings pages: configuring a country ---------------------------------------------------------------


def _rows(*models: type[Model]) -> Callable[[], object]:
    """The whole content of small tables: what a refused change must leave as it was."""
    return lambda: [list(model.objects.order_by("pk").values_list()) for model in models]


@dataclass(frozen=True)
class Setting:
    """A settings page, the permission that opens it, and the change a refused role tries there."""

    page: str
    permission: str
    post: tuple[str, dict] | None = None
    state: Callable[[], object] = lambda: None
    # Everyone reading the module may open the page; only a change of it is configuring.
    changes_only: bool = False
    # The same through the API: what it reads, and the change refused there (method, path, JSON).
    api: str = ""
    api_change: tuple[str, str, dict] | None = None


def _site_settings() -> object:
    with schema_context(get_public_schema_name()):
        language = Country.objects.get(schema_name="kn").default_language
    return language, _rows(CountrySettings)()


def _enabled_modules() -> object:
    with schema_context(get_public_schema_name()):
        return sorted(
            ModuleEnablement.objects.filter(country__schema_name="kn").values_list("module", flat=True)
        )


SETTINGS: dict[str, Setting] = {
    "settings.modules": Setting(
        "/settings/modules/",
        "tenants.manage_modules",
        ("/settings/modules/", {"module": "monitoring", "action": "disable"}),
        _enabled_modules,
    ),
    "settings.site": Setting(
        "/settings/site/",
        "country_settings.change_countrysettings",
        ("/settings/site/", {"default_language": "fr", "site_title": "Refused"}),
        _site_settings,
    ),
    "settings.workflows": Setting(
        "/settings/workflows/",
        "casework.change_statedeadline",
        (
            "/settings/workflows/complaints.complaint/",
            {"add_state": "1", "key": "mediation", "label": "Mediation", "after": "investigating"},
        ),
        _rows(ExtraState, StateDeadline),
    ),
    "settings.letters": Setting(
        "/settings/letters/",
        "casework.view_lettertemplate",
        ("/settings/letters/complaints/acknowledgment/en/", {"subject": "Refused", "body": "Refused"}),
        _rows(LetterTemplate),
        api="/api/v1/settings/letters/",
        api_change=(
            "PUT",
            "/api/v1/settings/letters/complaints/acknowledgment/en/",
            {"subject": "Refused", "body": "Refused"},
        ),
    ),
    "settings.numbering": Setting(
        "/settings/numbering/",
        "casework.view_numberingrule",
        ("/settings/numbering/complaints.complaint/", {"pattern": "X-{seq:05}"}),
        _rows(NumberingRule),
        api="/api/v1/settings/numbering/",
        api_change=("PUT", "/api/v1/settings/numbering/complaints.complaint/", {"pattern": "X-{seq:05}"}),
    ),
    "settings.configuration": Setting(
        "/settings/configuration/",
        "configuration.view_configurationimport",
        ("/settings/configuration/apply/", {"document": "{}"}),
        _rows(ConfigurationImport),
        api="/api/v1/configuration/",
        api_change=("POST", "/api/v1/configuration/import/", {"document": {}}),
    ),
    "settings.provider_changes": Setting(
        "/settings/provider-changes/", "configuration.view_providerchangenotice"
    ),
    "settings.tables": Setting(
        "/tables/new/",
        "reference.add_classification",
        ("/tables/new/", {"key": "refused", "title": "Refused"}),
        _rows(Classification),
    ),
    "settings.registration_rules": Setting(
        "/job_seekers/rules/",
        "job_seekers.change_registrationrules",
        ("/job_seekers/rules/", {"lapse_after_days": "1"}),
        _rows(RegistrationRules),
        changes_only=True,
        api_change=("PATCH", "/api/v1/job_seekers/rules/", {"lapse_after_days": 1, "version": 1}),
    ),
}
# The hub's own pages: who may open them, and what a refused role tries there (a form, or the API's JSON).


@dataclass(frozen=True)
class HubAction:
    permission: str
    pages: tuple[str, ...]
    refused: tuple[tuple[str, dict, str], ...] = ()
    state: Callable[[], object] = lambda: None


COUNTRY_FORM = {"code": "zz", "name": "Zedland", "iso3": "ZZZ", "default_language": "en", "timezone": "UTC"}
HUB_ACTIONS: dict[tuple[str, str], HubAction] = {
    ("hub.countries", "read"): HubAction(
        "tenants.view_country", ("/countries/", "/countries/kn/", "/api/v1/countries/", "/modules/")
    ),
    # Creating a country clones a schema: tests/tenants/test_console.py does it; here only the refusals.
    ("hub.countries", "create"): HubAction(
        "tenants.add_country",
        ("/countries/new/",),
        (("/countries/new/", COUNTRY_FORM, ""), ("/api/v1/countries/", COUNTRY_FORM, JSON)),
        lambda: _rows(Country)(),
    ),
    ("hub.countries", "configure"): HubAction(
        "tenants.manage_modules",
        (),
        (("/countries/kn/modules/", {"module": "monitoring", "action": "disable"}, ""),),
        lambda: _enabled_modules(),
    ),
    ("hub.providers", "read"): HubAction("tenants.view_serviceprovider", ("/providers/",)),
    ("hub.providers", "create"): HubAction(
        "tenants.add_serviceprovider",
        ("/providers/new/",),
        (("/providers/new/", {"name": "Refused Ltd", "email": "refused@example.org"}, ""),),
        lambda: _rows(ServiceProvider)(),
    ),
    ("hub.catalogue", "read"): HubAction(
        "catalogue.view_harmonisedindicator", ("/catalogue/", "/catalogue/codelists/")
    ),
    ("hub.catalogue", "create"): HubAction(
        "catalogue.add_harmonisedindicator",
        ("/catalogue/new/",),
        (("/catalogue/new/", {"code": "REFUSED", "name": "Refused"}, ""),),
        lambda: _rows(HarmonisedIndicator)(),
    ),
    ("hub.facts", "read"): HubAction("facts.view_fact", ("/facts/coverage/", "/facts/comparisons/")),
    ("hub.data_requests", "read"): HubAction("data_requests.view_datarequest", ("/data-requests/",)),
    ("hub.data_requests", "create"): HubAction(
        "data_requests.add_datarequest",
        ("/data-requests/new/",),
        (("/data-requests/new/", {"title": "Refused"}, ""),),
        lambda: _rows(DataRequest)(),
    ),
    ("hub.releases", "read"): HubAction("releases.view_release", ("/releases/",)),
    ("hub.releases", "create"): HubAction(
        "releases.add_rollout",
        ("/releases/rollouts/new/",),
        (("/releases/rollouts/new/", {"release": "1", "countries": ["kn"]}, ""),),
        lambda: _rows(Rollout)(),
    ),
    ("hub.extensions", "read"): HubAction("extensions.view_extension", ("/extensions/",)),
}


# The world the probes act in: made once for this file, in a transaction rolled back at its end ------------


@dataclass
class World:
    kn: Country
    # One record of each register, as made: tests read what they compare from the database.
    records: dict[str, Model]
    clients: dict[str, Client]


@pytest.fixture(scope="module")
def world(countries, django_db_blocker) -> Iterator[World]:
    """Every module enabled in kn, one record of every register, and a client signed in for every role
    (privileged roles with two-factor authentication set up). Each test then runs in a savepoint of this
    transaction, rolled back after it, as the `db` fixture does."""
    kn = countries["kn"]
    with django_db_blocker.unblock(), transaction.atomic():
        try:
            _all_modules_enabled(kn)
            records: dict[str, Model] = {}
            with tenant_context(kn):
                for label in FORMS:
                    records[label] = _record_make(REGISTERS[label], records)
                # A second job seeker to refer, the first being referred already (n=2: n=1 is the one
                # the create probes register).
                records["job_seekers.jobseeker:2"] = _record_make(
                    REGISTERS["job_seekers.jobseeker"], records, 2
                )
                for role in COUNTRY_ROLES:
                    if ROLES_BY_KEY[role].privileged:
                        TOTP.activate(user_in(kn, role), generate_totp_secret())
            with schema_context(get_public_schema_name()):
                for role in HUB_ROLES:
                    if ROLES_BY_KEY[role].privileged:
                        TOTP.activate(user_in(None, role), generate_totp_secret())
            clients = {role: sign_in(client_for("kn.localhost"), kn, role) for role in COUNTRY_ROLES}
            clients |= {role: sign_in(client_for("localhost"), None, role) for role in HUB_ROLES}
            connection.set_schema_to_public()
            yield World(kn, records, clients)
        finally:
            transaction.set_rollback(True)
            connection.set_schema_to_public()
    # What was remembered from the rolled-back world (the modules enabled in kn, grants) goes with it.
    forget_routes()
    cache.clear()
    forget_all_in_process()


def _all_modules_enabled(kn: Country) -> None:
    """As a country that has taken every module (a contributed one once the hub accepted it)."""
    with schema_context(get_public_schema_name()):
        enabled = set(ModuleEnablement.objects.filter(country=kn).values_list("module", flat=True))
        for config in installed_modules():
            if config.manifest.key not in enabled and not config.name.startswith("tests."):
                ModuleEnablement.objects.create(country=kn, module=config.manifest.key, enabled_by="test")
        country_roles_sync(kn)
    forget_routes()


# The probes ----------------------------------------------------------------------------------------------


def _answered(response, allowed: bool, what: str, success: tuple[int, ...] = (200,)) -> None:
    status = response.status_code
    if allowed:
        assert status in success, f"UNEXPECTED DENIAL: {what} answered {status}{_errors(response)}"
    else:
        verdict = "UNEXPECTED ALLOW" if status in success or status in (201, 302) else "NOT REFUSED WITH 403"
        assert status == 403, f"{verdict}: {what} answered {status}"


def _errors(response) -> str:
    form = (response.context or {}).get("form") if response.status_code == 200 else None
    return f" with {form.errors.as_json()}" if form is not None and form.errors else ""


def _url(name: str, *args) -> str:
    return reverse(name, urlconf="clmis.urls.country", args=args)


def _state(model: type[Model], pk: int) -> dict:
    return model.objects.filter(pk=pk).values().get()


def _read(world: World, register: Register, client: Client, allowed: bool) -> None:
    pk = world.records[register.label].pk
    pages = [_url(register.urls["list"])]
    if "detail" in register.urls:
        pages.append(_url(register.urls["detail"], pk))
    if register.api:
        pages.append(_url(register.api))
    if register.api_detail:
        pages.append(_url(register.api_detail, pk))
    for page in pages:
        _answered(client.get(page), allowed, f"GET {page}")


def _create(world: World, register: Register, client: Client, allowed: bool) -> None:
    args = CREATE_ARGS.get(register.label, lambda records: [])(world.records)
    page = _url(register.urls["create"], *args)
    _answered(client.get(page), allowed, f"GET {page}")
    with tenant_context(world.kn):
        before = set(register.model.objects.values_list("pk", flat=True))
        values = FORMS[register.label](world.records, 1)
    response = client.post(page, values)
    _answered(response, allowed, f"POST {page}", success=(302,))
    with tenant_context(world.kn):
        made = set(register.model.objects.values_list("pk", flat=True)) - before
        if allowed:
            assert len(made) == 1, f"POST {page} made {len(made)} records"
            assert response["Location"] == register.model.objects.get(pk=made.pop()).get_absolute_url()
        else:
            assert not made, f"a refused POST {page} made a record"
    if register.api:
        _api_create(world, register, client, allowed, values)


def _api_create(world: World, register: Register, client: Client, allowed: bool, values: dict) -> None:
    """The API refuses whom the pages refuse. An allowed caller is not refused: the form's values may
    not be what the API reads (codes, lists), so a 400 counts as let in, a 403 does not."""
    api = _url(register.api)
    with tenant_context(world.kn):
        before = register.model.objects.count()
    response = client.post(api, values, content_type=JSON)
    _answered(response, allowed, f"POST {api}", success=(201, 400))
    if not allowed:
        with tenant_context(world.kn):
            assert register.model.objects.count() == before, f"a refused POST {api} made a record"


def _edit(world: World, register: Register, client: Client, allowed: bool) -> None:
    pk = world.records[register.label].pk
    page = _url(register.urls["edit"], pk)
    _answered(client.get(page), allowed, f"GET {page}")
    with tenant_context(world.kn):
        record = register.model.objects.get(pk=pk)
        before = _state(register.model, pk)
        values = {
            **FORMS[register.label](world.records, 0),
            **EDITS[register.label],
            "version": record.version,
        }
    response = client.post(page, values)
    _answered(response, allowed, f"POST {page}", success=(302,))
    with tenant_context(world.kn):
        after = _state(register.model, pk)
    if allowed:
        assert response["Location"] == record.get_absolute_url()
        assert after["version"] == before["version"] + 1
    else:
        assert after == before, f"a refused POST {page} changed the record"
    if register.api_detail:
        api = _url(register.api_detail, pk)
        change = {**EDITS[register.label], "version": after["version"]}
        _answered(client.patch(api, change, content_type=JSON), allowed, f"PATCH {api}")
        with tenant_context(world.kn):
            changed = _state(register.model, pk)
        if allowed:
            assert changed["version"] == after["version"] + 1
        else:
            assert changed == before, f"a refused PATCH {api} changed the record"


def _transition(world: World, register: Register, client: Client, allowed: bool, action: str) -> None:
    pk = world.records[register.label].pk
    page = f"/cases/{pk}/transition/{action}/"
    _answered(client.get(page), allowed, f"GET {page}")
    with tenant_context(world.kn):
        before = _state(register.model, pk)
    form = {"action": action, "version": before["version"], "note": ""}
    response = client.post(page, form)
    _answered(response, allowed, f"POST {page}", success=(302,))
    if not allowed:
        api = f"/api/v1/cases/{pk}/transitions/"
        refused = client.post(api, {"action": action, "version": before["version"]}, content_type=JSON)
        _answered(refused, allowed, f"POST {api}")
    with tenant_context(world.kn):
        after = _state(register.model, pk)
    if allowed:
        target = next(t.target for t in shipped_workflow(register.model).transitions if t.name == action)
        assert after["status"] == target and after["version"] == before["version"] + 1
    else:
        assert after == before, f"a refused {action} changed the case"


def _export(world: World, register: Register, client: Client, allowed: bool) -> None:
    page = _url(register.urls["export"])
    response = client.get(page)
    _answered(response, allowed, f"GET {page}")
    if response.streaming:  # read to its end, which closes it as the test client does
        assert b"".join(response.streaming_content)


def _configure(world: World, setting: Setting, client: Client, allowed: bool) -> None:
    response = client.get(setting.page)
    if setting.changes_only and response.status_code != 403:
        assert response.status_code == 200, f"GET {setting.page} answered {response.status_code}"
        offered = response.context.get("form") is not None
        assert offered == allowed, f"{'UNEXPECTED DENIAL' if allowed else 'UNEXPECTED ALLOW'}: the form"
    else:
        _answered(response, allowed, f"GET {setting.page}")
    if setting.api:
        _answered(client.get(setting.api), allowed, f"GET {setting.api}")
    if allowed:
        return
    with tenant_context(world.kn):
        before = setting.state()
    if setting.post is not None:
        page, values = setting.post
        _answered(client.post(page, values), allowed, f"POST {page}")
    if setting.api_change is not None:
        method, api, values = setting.api_change
        _answered(client.generic(method, api, json.dumps(values), JSON), allowed, f"{method} {api}")
    with tenant_context(world.kn):
        assert setting.state() == before, "a refused change of the settings changed them"


def _hub(world: World, action: HubAction, client: Client, allowed: bool) -> None:
    for page in action.pages:
        _answered(client.get(page), allowed, f"GET {page}")
    if allowed:  # what the hub's administrators do there is tests/tenants' and tests/regional_hub's
        if not action.pages:
            page, values, content_type = action.refused[0]
            _answered(client.post(page, values), allowed, f"POST {page}", success=(302,))
        return
    with schema_context(get_public_schema_name()):
        before = action.state()
    for page, values, content_type in action.refused:
        posted = (
            client.post(page, values, content_type=content_type)
            if content_type
            else client.post(page, values)
        )
        _answered(posted, allowed, f"POST {page}")
    with schema_context(get_public_schema_name()):
        assert action.state() == before, "a refused change at the hub changed something"


REGISTER_PROBES = {"read": _read, "create": _create, "edit": _edit, "export": _export}


@pytest.mark.parametrize(("row", "role"), PROBES)
def test_each_role_may_do_what_the_table_says_and_no_more(world, db, row, role):
    allowed, client = row.cell(role) == ALLOW, world.clients[role]
    if row.hub:
        _hub(world, HUB_ACTIONS[(row.subject, row.action)], client, allowed)
    elif row.subject in SETTINGS:
        _configure(world, SETTINGS[row.subject], client, allowed)
    elif row.action == "transition":
        _transition(world, REGISTERS[row.subject], client, allowed, row.transition)
    else:
        REGISTER_PROBES[row.action](world, REGISTERS[row.subject], client, allowed)


# The table against the grants, and against the registers there are ------------------------------------


def _permission(row: Row) -> str:
    """The Django permission an action of the table stands for."""
    if row.hub:
        return HUB_ACTIONS[(row.subject, row.action)].permission
    if row.subject in SETTINGS:
        return SETTINGS[row.subject].permission
    register = REGISTERS[row.subject]
    if row.action == "transition":
        workflow = shipped_workflow(register.model)
        return next(t.permission for t in workflow.transitions if t.name == row.transition)
    return register.pages.permission(
        {"read": "view", "create": "add", "edit": "change", "export": "export"}[row.action]
    )


@pytest.mark.parametrize("row", [pytest.param(row, id=row.name) for row in ROWS])
def test_the_table_agrees_with_the_roles_grants(row):
    scope = Scope.HUB if row.hub else Scope.COUNTRY
    grants = role_grants(scope, installed_modules())
    permission = _permission(row)
    table = {role: row.cell(role) for role in grants}
    granted = {role: ALLOW if permission in held else DENY for role, held in grants.items()}
    assert table == granted, f"{permission}: the table says {table}, the grants {granted}"
    others = COUNTRY_ROLES if row.hub else HUB_ROLES
    assert {row.cell(role) for role in others} == {NOT_HERE}, "roles of the other scope are marked -"


def test_every_register_action_and_settings_page_has_its_row():
    """Found, not listed: a new register (a module with RecordPages) fails here until it has its rows."""
    declared = [(row.subject, row.action) for row in ROWS]
    expected = set(HUB_ACTIONS) | {(subject, "configure") for subject in SETTINGS}
    for label, register in REGISTERS.items():
        expected |= {(label, "read")}
        expected |= {(label, action) for action in ("create", "edit", "export") if action in register.urls}
        if issubclass(register.model, Case):
            expected.add((label, "transition"))
    assert len({row.name for row in ROWS}) == len(ROWS), "a row is declared twice"
    assert sorted(expected - set(declared)) == [], "rows missing from permissions.csv"
    assert sorted(set(declared) - expected) == [], "rows of permissions.csv for nothing there"
    assert all(row.action in ACTIONS for row in ROWS)
    untried = sorted(set(REGISTERS) - set(FORMS) | set(REGISTERS) - set(EDITS))
    assert untried == [], "say in FORMS and EDITS what the form of these registers takes"


@pytest.mark.parametrize(
    "row", [pytest.param(row, id=row.name) for row in ROWS if row.action == "transition"]
)
def test_each_transition_probed_is_one_a_person_takes_from_the_first_state(row):
    workflow = shipped_workflow(REGISTERS[row.subject].model)
    offered = [t.name for t in workflow.possible(workflow.initial) if not t.required]
    assert row.transition in offered, f"{row.subject} offers {offered} from {workflow.initial}"
