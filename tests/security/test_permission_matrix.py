"""The permission matrix (issue 10): each role against each action, as declared in permissions.csv,
tried through the pages and the API of a country, its Django admin, and the hub's pages, console and admin.

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
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.models import Model
from django.test import Client, override_settings
from django.urls import NoReverseMatch, URLResolver, get_resolver, resolve, reverse
from django.utils.module_loading import import_string
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context

from clmis import RELEASE
from clmis.accounts.roles import ROLES_BY_KEY, Scope, role_grants, roles_for_scope
from clmis.accounts.services import user_create
from clmis.audit.models import Export
from clmis.memo import forget_all_in_process
from clmis.outbox.models import Message
from clmis.personal_data.models import Erasure, RetentionRule
from clmis.personal_data.selectors import ANSWER, SEE, personal_fields
from clmis.personal_data.services import personal_data_archive, personal_data_erase, retention_rule_save
from clmis.records.api import PartDetailApi, PartListApi, RecordDetailApi, RecordListApi
from clmis.records.pages import PartPages, RecordPages
from modules.casework.country_workflow import shipped_workflow
from modules.casework.models import Case, ExtraState, LetterTemplate, NumberingRule, StateDeadline
from modules.casework.selectors import STATEMENT
from modules.casework.services import case_document_add, case_transition, extra_state_add, letter_issue
from modules.configuration.models import ConfigurationImport, ProviderChangeNotice
from modules.configuration.services import configuration_checksum, configuration_export, section_choices
from modules.country_settings.models import CountrySettings
from modules.custom_fields.models import CustomField
from modules.indicators.models import AgencyMember, Indicator, Observation
from modules.indicators.services import agency_member_add, observations_submit
from modules.indicators.views import compute_progress_url
from modules.inspections.forms import ChecklistForm
from modules.inspections.models import ChecklistItem, Finding, Inspection
from modules.inspections.selectors import checklist_of
from modules.job_seekers.models import RegistrationRules
from modules.job_seekers.services import job_seeker_register
from modules.labels.models import Label
from modules.matching.models import JobReferral
from modules.matching.services import referral_place
from modules.monitoring.models import Activity
from modules.monitoring.services import activity_confirm
from modules.news.models import Article
from modules.news.services import article_publish
from modules.reference.models import Classification, Code
from modules.reference.services import national_code_save, national_table_create
from modules.registry import installed_modules
from modules.vacancies.models import Vacancy
from modules.vacancy_surveys.models import ResponseLine, SampledEmployer, SurveyResponse, SurveyRound
from modules.vacancy_surveys.services import (
    response_save,
    round_close,
    round_open,
    round_sample_add,
    round_save,
)
from modules.work_permits.models import WorkPermit
from modules.work_permits.services import permit_update
from modules.workplaces.services import workplace_save
from regional_hub.catalogue.models import Codelist, Definition, HarmonisedIndicator
from regional_hub.data_requests.models import DataRequest
from regional_hub.data_requests.services import data_request_create
from regional_hub.extensions.models import Extension, ExtensionCheck
from regional_hub.extensions.services import extension_check_record, extension_review_start, extension_submit
from regional_hub.releases.models import Release, Rollout, RolloutCountry
from regional_hub.releases.services import release_cut, rollout_start
from tenants.models import Country, ModuleEnablement, ProviderAssignment, ProviderStaff, ServiceProvider
from tenants.providers.console import console_module_change, console_open
from tenants.providers.services import provider_assign, provider_save, provider_staff_add
from tenants.routing import forget_routes
from tenants.services import country_roles_sync
from tests.support import client_for, password_confirmation_record, sign_in, user_in

TABLE = Path(__file__).with_name("permissions.csv")
ALLOW, DENY, NOT_HERE = "allow", "deny", "-"
ACTIONS = (
    "read",
    "create",
    "edit",
    "transition",
    "export",
    "configure",
    "assign",
    "note",
    "document",
    "letter",
    "personal",
    "answer",
)
# The actions on the personal data of a case about a person (clmis.personal_data): what they stand for.
PERSONAL_ACTIONS = {"personal": SEE, "answer": ANSWER}
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


@dataclass
class Part:
    """What a record holds (an employer's representatives, a complaint's hearings): its PartPages'
    pages and its API, found among the country's URL patterns like the registers."""

    model: type[Model]
    parent: str
    pages: PartPages | None = None
    urls: dict[str, str] = field(default_factory=dict)
    api: str = ""
    api_detail: str = ""

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    def permission(self, action: str) -> str:
        return f"{self.model._meta.app_label}.{action}_{self.model._meta.model_name}"


def _found_in(view, kind: type) -> object | None:
    for cell in inspect.unwrap(view).__closure__ or ():
        try:
            contents = cell.cell_contents
        except ValueError:
            continue
        if isinstance(contents, kind):
            return contents
    return None


def _country_patterns() -> Iterator[tuple[str, object]]:
    """Every URL pattern of a country: its full name (namespaced) and its callback."""

    def walk(patterns, namespace: str) -> Iterator[tuple[str, object]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
                yield from walk(pattern.url_patterns, inner)
            elif pattern.name:
                yield namespace + pattern.name, pattern.callback

    yield from walk(get_resolver("clmis.urls.country").url_patterns, "")


def _parts() -> dict[str, Part]:
    """Every part of a record with pages (PartPages) or an API (PartListApi, PartDetailApi)."""
    parts: dict[type[Model], Part] = {}
    for name, callback in _country_patterns():
        api_view = getattr(callback, "cls", None)
        if api_view and issubclass(api_view, PartListApi | PartDetailApi):
            model = api_view.serializer_class.Meta.model
            part = parts.setdefault(model, Part(model, api_view.parent))
            if issubclass(api_view, PartListApi):
                part.api = name
            else:
                part.api_detail = name
        pages = _found_in(callback, PartPages)
        if pages is not None:
            part = parts.setdefault(pages.model, Part(pages.model, pages.parent))
            part.pages = pages
            part.urls[inspect.unwrap(callback).__qualname__.split(".")[-3].removesuffix("_view")] = name
    return {part.label: part for part in parts.values()}


def _registers() -> dict[str, Register]:
    """Every register with RecordPages in a country: its pages by action (list, detail, create, edit,
    export) and the API that lists its records and the one of a record, if any."""
    pages_views: dict[int, Register] = {}
    api_lists: dict[type[Model], str] = {}
    api_details: dict[type[Model], str] = {}

    for name, callback in _country_patterns():
        api_view = getattr(callback, "cls", None)
        if api_view and issubclass(api_view, RecordListApi | RecordDetailApi):
            model = getattr(getattr(api_view.serializer_class, "Meta", None), "model", None)
            if issubclass(api_view, PartListApi | PartDetailApi):
                pass
            elif issubclass(api_view, RecordDetailApi):
                api_details[model] = name
            else:
                api_lists[model] = name
        pages = _found_in(callback, RecordPages)
        if pages is not None:
            register = pages_views.setdefault(id(pages), Register(pages))
            kind = inspect.unwrap(callback).__qualname__.split(".")[-3].removesuffix("_view")
            register.urls[kind] = name

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
PARTS = _parts()
# Parts not tried yet, and why: open work (docs/security.md, "Not proven yet"), not a claim.
PARTS_NOT_PROBED: dict[str, str] = {}


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


# What a part's form is given (`n` as for the registers; the part the tests act on is made from n=0 by the
# module's own service), and the field an edit changes.
PART_FORMS: dict[str, Values] = {
    "accidents.medicalreport": lambda r, n: {
        "practitioner": f"Dr Matrix {n}",
        "reported_on": _ago(days=5),
        "diagnosis": "Sprained wrist",
        "days_incapacity": "3",
    },
    "complaints.hearing": lambda r, n: {"held_on": str(TODAY), "place": "Labour office"},
    "disputes.meeting": lambda r, n: {"held_on": str(TODAY), "place": "Labour office"},
    "employers.representative": lambda r, n: {"name": f"Matrix Representative {n}", "position": "Manager"},
    "farm_programme.followup": lambda r, n: {"on": str(TODAY), "notes": f"Follow-up {n}"},
    "inspections.violation": lambda r, n: {"area": "WAGES", "provision": f"Section {n}"},
    "inspections.notice": lambda r, n: {
        "kind": "improvement",
        "requirement": f"Requirement {n}",
        "deadline": _ahead(30),
    },
    "inspections.penalty": lambda r, n: {"amount": "100.00", "imposed_on": str(TODAY)},
    "job_seekers.education": lambda r, n: {"level": "3", "institution": f"School {n}"},
    "job_seekers.experience": lambda r, n: {
        "occupation": "5120",
        "employer_name": f"Employer {n}",
        "started_on": _ago(years=3 + n),
    },
    "migrant_assistance.assistanceaction": lambda r, n: {
        "taken_on": str(TODAY),
        "organisation": "embassy",
        "description": f"Action {n}",
    },
    "redundancies.affectedgroup": lambda r, n: {"occupation": ("5120", "9112")[n], "women": "1", "men": "2"},
    "training_programmes.trainee": lambda r, n: {
        "name": f"Matrix Trainee {n}",
        "sex": "F",
        "date_of_birth": _ago(years=20 + n),
        "status": "enrolled",
    },
}
PART_EDITS: dict[str, dict[str, object]] = {
    "accidents.medicalreport": {"diagnosis": "Changed"},
    "complaints.hearing": {"minutes": "Changed"},
    "disputes.meeting": {"minutes": "Changed"},
    "employers.representative": {"phone": "869-465-2754"},
    "farm_programme.followup": {"notes": "Changed"},
    "inspections.violation": {"description": "Changed"},
    "inspections.notice": {"requirement": "Changed"},
    "inspections.penalty": {"amount": "150.00"},
    "job_seekers.education": {"institution": "Changed"},
    "job_seekers.experience": {"duties": "Changed"},
    "migrant_assistance.assistanceaction": {"description": "Changed"},
    "redundancies.affectedgroup": {"women": "3"},
    "training_programmes.trainee": {"name": "Changed"},
}


# Parts whose record must have come some way first (a follow-up is of a worker back from abroad, a
# violation of an inspection visited): a second record of the register, taken there by the service.
PART_PARENTS = {
    "farm_programme.followup": "farm_programme.farmworker:returned",
    "inspections.violation": "inspections.inspection:visited",
    "inspections.notice": "inspections.inspection:visited",
    "inspections.penalty": "inspections.inspection:visited",
}
CLEARED = dict.fromkeys(("medical_cleared", "police_record", "passport_valid", "contract_signed"), True)
CASES_ALONG: dict[str, tuple[tuple[str, dict], ...]] = {
    "farm_programme.farmworker:returned": (
        ("shortlist", {}),
        ("select", {}),
        ("depart", {**CLEARED, "visa_issued": True, "departed_on": TODAY}),
        ("return", {"returned_on": TODAY}),
    ),
    "inspections.inspection:visited": (
        ("visit", {"visited_on": TODAY, "workers_women": 2, "workers_men": 1}),
    ),
}


def _parent_of(part: Part, records: dict[str, Model]) -> Model:
    default = part.model._meta.get_field(part.parent).related_model._meta.label_lower
    return records[PART_PARENTS.get(part.label, default)]


def _case_along(records: dict[str, Model], key: str, by) -> Model:
    case = _record_make(REGISTERS[key.split(":")[0]], records, 2)
    for action, values in CASES_ALONG[key]:
        case = case_transition(case=case, action=action, values=values, version=case.version, by=by)
    return case


def _part_make(part: Part, records: dict[str, Model]) -> Model:
    """A part made by the module's own service from what its form takes."""
    parent = _parent_of(part, records)
    form = part.pages.form(PART_FORMS[part.label](records, 0), instance=part.model(**{part.parent: parent}))
    assert form.is_valid(), f"{part.label}: {form.errors.as_json()}"
    keywords = {part.parent: parent, part.pages.part or part.model._meta.model_name: None}
    return part.pages.save(**keywords, values=form.values(), version=None, by=None)


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
    # The change an allowed role saves, where the refused one is not a valid change; or why none is tried.
    saved: tuple[str, dict] | None = None
    save_untried: str = ""


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
        saved=(
            "/settings/site/",
            {
                "default_language": "fr",
                "site_name": "Matrix",
                "brand_colour": "#1f4e79",
                "brand_ink": "#ffffff",
                "languages": ["en", "fr"],
                "disclosure_threshold": "3",
            },
        ),
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
        saved=(
            "/settings/letters/complaints/acknowledgment/en/",
            {"subject": "Matrix", "body": "Matrix", "action": "save"},
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
        save_untried="applying a configuration file is its row of its own (settings.configuration, apply)",
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
        saved=("/job_seekers/rules/", {"lapse_after_days": "200", "office_contact": "Matrix office"}),
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
    # Whom cases are assigned to.
    officer: Model
    # What the hub's actions act on (a provider, its assignment and staff, users and roles), by key.
    hub: dict[str, Model] = field(default_factory=dict)


@pytest.fixture(scope="module")
def world(countries, django_db_blocker, tmp_path_factory) -> Iterator[World]:
    """Every module enabled in kn, one record of every register, and a client signed in for every role
    (privileged roles with two-factor authentication set up). Each test then runs in a savepoint of this
    transaction, rolled back after it, as the `db` fixture does."""
    kn = countries["kn"]
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    with django_db_blocker.unblock(), transaction.atomic(), media:
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
                supervisor = get_user_model().objects.get(username="supervisor")
                for key in CASES_ALONG:
                    records[key] = _case_along(records, key, supervisor)
                for label, part in PARTS.items():
                    if part.pages is not None:
                        records[label] = _part_make(part, records)
                for label, register in REGISTERS.items():
                    if issubclass(register.model, Case):
                        case = records[label]
                        case_document_add(case=case, upload=_upload()["file"], by=supervisor)
                        letter_issue(case=case, key=STATEMENT[0], language="en", by=supervisor)
                for role in COUNTRY_ROLES:
                    if ROLES_BY_KEY[role].privileged:
                        TOTP.activate(user_in(kn, role), generate_totp_secret())
                    records[f"user:{role}"] = user_in(kn, role)
                    records[f"role:{role}"] = Group.objects.get(name=role)
                # The country's submitter submits for the matrix's agency, whose indicator it is.
                agency = records["indicators.agency"]
                Indicator.objects.filter(pk=records["indicators.indicator"].pk).update(agency=agency)
                agency_member_add(agency=agency, user=records["user:agency_submitter"], by=None)
                _national_table()
            with schema_context(get_public_schema_name()):
                for role in HUB_ROLES:
                    if ROLES_BY_KEY[role].privileged:
                        TOTP.activate(user_in(None, role), generate_totp_secret())
                hub = _hub_world(countries)
            clients = {role: sign_in(client_for("kn.localhost"), kn, role) for role in COUNTRY_ROLES}
            clients |= {role: sign_in(client_for("localhost"), None, role) for role in HUB_ROLES}
            connection.set_schema_to_public()
            yield World(kn, records, clients, user_in(kn, "officer"), hub)
        finally:
            transaction.set_rollback(True)
            connection.set_schema_to_public()
    # What was remembered from the rolled-back world (the modules enabled in kn, grants) goes with it.
    forget_routes()
    cache.clear()
    forget_all_in_process()


def _hub_world(countries: dict[str, Country]) -> dict[str, Model]:
    """A provider accredited since yesterday, the hub's service_provider on its staff, assigned to kn
    (not to lc); Saint Lucia's extension submitted; the hub's users and roles."""
    provider = provider_save(
        values={
            "name": "Matrix Provider",
            "registration_number": "HUB-SP-PM",
            "email": "provider@example.org",
            "accredited_from": TODAY - datetime.timedelta(days=1),
        },
        version=None,
        by=None,
    )
    hub = {
        "provider": provider,
        "staff": provider_staff_add(provider=provider, user=user_in(None, "service_provider"), by=None),
        "assignment": provider_assign(provider=provider, country=countries["kn"], by=None),
        "sr": countries["sr"],
        # Saint Lucia's module submitted (its checklist computed once: it takes a while).
        "extension": extension_submit(country=countries["lc"], **SUBMISSION, by=None),
        "data_request": data_request_create(
            country=countries["kn"],
            indicators=[HarmonisedIndicator.objects.order_by("pk").first()],
            periods=[str(TODAY.year - 1)],
            message="Matrix",
            due_on=TODAY + datetime.timedelta(days=30),
            by=None,
        ),
    }
    for role in HUB_ROLES:
        hub[f"user:{role}"] = user_in(None, role)
        hub[f"role:{role}"] = Group.objects.get(name=role)
    return hub


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
    context = response.context or {}
    form = context.get("form") or getattr(context.get("adminform"), "form", None)
    form = form if response.status_code == 200 else None
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


# What the form of a transition that needs fields is given (its fields only; the page prefixes them).
def _code(table: str, code: str) -> int:
    return Code.objects.get(classification__key=table, code=code).pk


TRANSITION_VALUES: dict[tuple[str, str], Callable[[], dict[str, object]]] = {
    ("accidents.accident", "close"): lambda: {
        "injury_type": _code("injury_type", "WOUND"),
        "body_part": _code("body_part", "HEAD"),
        "agency": _code("accident_agency", "MACHINES"),
        "days_lost": "2",
    },
    ("inspections.inspection", "visit"): lambda: {
        "visited_on": str(TODAY),
        "workers_women": "2",
        "workers_men": "1",
    },
    ("inspections.inspection", "close"): lambda: {
        "visited_on": str(TODAY),
        "workers_women": "2",
        "workers_men": "1",
    },
    ("vacancies.vacancy", "close"): lambda: {"closing_reason": "not_needed"},
}


def _transition_form(label: str, name: str, version: int) -> dict:
    fields = TRANSITION_VALUES.get((label, name), dict)()
    return {"action": name, "version": version, "note": ""} | {f"case-{k}": v for k, v in fields.items()}


def _path(workflow, status: str, sources: tuple[str, ...]) -> list:
    """The fewest transitions a person takes from `status` to one of `sources`."""
    paths = {status: []}
    reached = [status]
    while reached:
        state = reached.pop(0)
        if state in sources:
            return paths[state]
        for step in workflow.possible(state):
            if step.target not in paths:
                paths[step.target] = [*paths[state], step]
                reached.append(step.target)
    raise AssertionError(f"no way from {status} to {sources}")


def _drive(world: World, register: Register, pk: int, action: str) -> None:
    """Bring the case to where the transition starts, through its page, each step taken by a role
    the grants allow it to."""
    workflow = shipped_workflow(register.model)
    transition = next(t for t in workflow.transitions if t.name == action)
    grants = role_grants(Scope.COUNTRY, installed_modules())
    with tenant_context(world.kn):
        status = _state(register.model, pk)["status"]
    for step in _path(workflow, status, transition.sources):
        holder = next(role for role in COUNTRY_ROLES if step.permission in grants[role])
        with tenant_context(world.kn):
            form = _transition_form(register.label, step.name, _state(register.model, pk)["version"])
        page = f"/cases/{pk}/transition/{step.name}/"
        response = world.clients[holder].post(page, form)
        assert response.status_code == 302, f"{holder} could not {step.name}: {_errors(response)}"


def _transition(world: World, register: Register, client: Client, allowed: bool, action: str) -> None:
    pk = world.records[register.label].pk
    _drive(world, register, pk, action)
    page = f"/cases/{pk}/transition/{action}/"
    _answered(client.get(page), allowed, f"GET {page}")
    with tenant_context(world.kn):
        before = _state(register.model, pk)
        form = _transition_form(register.label, action, before["version"])
    response = client.post(page, form)
    _answered(response, allowed, f"POST {page}", success=(302,))
    if not allowed:
        plain = _url("casework:transition", pk)  # the case page's buttons, for transitions without fields
        _answered(client.post(plain, form), allowed, f"POST {plain}")
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
    with tenant_context(world.kn):
        before = setting.state()
    if allowed:
        if setting.post is not None and not setting.save_untried:
            page, values = setting.saved or setting.post
            _answered(client.post(page, values), allowed, f"POST {page}", success=(200, 302))
            with tenant_context(world.kn):
                assert setting.state() != before, f"POST {page} answered but changed nothing"
        return
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


def _part_read(world: World, part: Part, client: Client, allowed: bool) -> None:
    """A record's parts through the API (its pages list them on the record's page, read with it)."""
    for page in (
        _url(part.api, _parent_of(part, world.records).pk),
        _url(part.api_detail, world.records[part.label].pk),
    ):
        _answered(client.get(page), allowed, f"GET {page}")


def _part_create(world: World, part: Part, client: Client, allowed: bool) -> None:
    parent = _parent_of(part, world.records)
    page = _url(part.urls["create"], parent.pk)
    _answered(client.get(page), allowed, f"GET {page}")
    with tenant_context(world.kn):
        before = set(part.model.objects.values_list("pk", flat=True))
        values = PART_FORMS[part.label](world.records, 1)
    response = client.post(page, values)
    _answered(response, allowed, f"POST {page}", success=(302,))
    with tenant_context(world.kn):
        made = set(part.model.objects.values_list("pk", flat=True)) - before
        if allowed:
            assert len(made) == 1, f"POST {page} made {len(made)} parts"
            assert response["Location"] == parent.get_absolute_url()
        else:
            assert not made, f"a refused POST {page} made a part"
    api = _url(part.api, parent.pk)
    with tenant_context(world.kn):
        before = part.model.objects.count()
    response = client.post(api, values, content_type=JSON)
    _answered(response, allowed, f"POST {api}", success=(201, 400))
    if not allowed:
        with tenant_context(world.kn):
            assert part.model.objects.count() == before, f"a refused POST {api} made a part"


def _part_edit(world: World, part: Part, client: Client, allowed: bool) -> None:
    pk = world.records[part.label].pk
    page = _url(part.urls["edit"], pk)
    _answered(client.get(page), allowed, f"GET {page}")
    with tenant_context(world.kn):
        before = _state(part.model, pk)
    values = {
        **PART_FORMS[part.label](world.records, 0),
        **PART_EDITS[part.label],
        "version": before["version"],
    }
    _answered(client.post(page, values), allowed, f"POST {page}", success=(302,))
    with tenant_context(world.kn):
        after = _state(part.model, pk)
    if allowed:
        assert after["version"] == before["version"] + 1
    else:
        assert after == before, f"a refused POST {page} changed the part"
    api = _url(part.api_detail, pk)
    change = {**PART_EDITS[part.label], "version": after["version"]}
    _answered(client.patch(api, change, content_type=JSON), allowed, f"PATCH {api}")
    with tenant_context(world.kn):
        changed = _state(part.model, pk)
    if allowed:
        assert changed["version"] == after["version"] + 1
    else:
        assert changed == before, f"a refused PATCH {api} changed the part"


def _case_read(world: World, register: Register, client: Client, allowed: bool) -> None:
    """A case is read with its timeline and the lists of its documents and letters (which a reader who
    may not see who the case is about finds empty: `personal` tries what they hold)."""
    _read(world, register, client, allowed)
    pk = world.records[register.label].pk
    for page in (
        f"/api/v1/cases/{pk}/events/",
        f"/api/v1/cases/{pk}/documents/",
        f"/api/v1/cases/{pk}/letters/",
    ):
        _answered(client.get(page), allowed, f"GET {page}")


def _personal(world: World, register: Register, client: Client, allowed: bool) -> None:
    """Seeing who a case is about: a document downloaded, a letter shown (both name the person), and
    the record's personal fields as stored, not withheld, in the API."""
    with tenant_context(world.kn):
        case = register.model.objects.get(pk=world.records[register.label].pk)
        document, letter = case.documents.get(), case.letters.get()
    for page in (
        _url("casework:document", case.pk, document.pk),
        _url("casework:letter", case.pk, letter.pk),
    ):
        response = client.get(page)
        _answered(response, allowed, f"GET {page}")
        if response.streaming:
            assert allowed and b"".join(response.streaming_content) == DOCUMENT
    if register.api_detail and client.get(_url(register.api_detail, case.pk)).status_code == 200:
        shown = client.get(_url(register.api_detail, case.pk)).json()
        name = next(field for field in personal_fields(case) if field in shown)
        assert (shown[name] == str(getattr(case, name))) is allowed, f"{name} shown as {shown[name]!r}"


def _answer(world: World, register: Register, client: Client, allowed: bool) -> None:
    """A person's requests: the page, the copy of everything held; a refused erasure changes nothing
    (an allowed one is tried by tests/security/test_personal_data.py, on a case of its own)."""
    pk = world.records[register.label].pk
    for page in (_url("casework:personal-data", pk), _url("casework:personal-data-copy", pk)):
        _answered(client.get(page), allowed, f"GET {page}")
    if allowed:
        return
    with tenant_context(world.kn):
        before = _state(register.model, pk)
    page = _url("casework:personal-data-erase", pk)
    _answered(client.post(page, {"request_reference": "Matrix", "confirmed": "on"}), allowed, f"POST {page}")
    with tenant_context(world.kn):
        assert _state(register.model, pk) == before, f"a refused POST {page} changed the case"


DOCUMENT = b"%PDF-1.4\n% the matrix's attachment\n"


@dataclass(frozen=True)
class CaseAction:
    """Something done to a case from its page and the API, on top of its own fields (which `edit` tries):
    the page's POST, the API's, and what it adds to or changes on the case."""

    page: str
    api: str
    form: Callable[[World], dict]
    # What the action leaves on the case: compared before and after.
    trace: Callable[[Case], object]
    # The permission's action on the case type (assign_complaint, change_complaint).
    permission: str = "change"
    multipart: bool = False


def _upload() -> dict:
    return {"file": SimpleUploadedFile("matrix.pdf", DOCUMENT, "application/pdf"), "description": "Matrix"}


CASE_ACTIONS: dict[str, CaseAction] = {
    "assign": CaseAction(
        "casework:assign",
        "assign",
        lambda world: {"officer": world.officer.pk, "due_on": _ahead(10)},
        lambda case: (case.assigned_to_id, case.due_on, case.version),
        permission="assign",
    ),
    "note": CaseAction(
        "casework:note-add",
        "events",
        lambda world: {"text": "A matrix note"},
        lambda case: case.events.count(),
    ),
    "document": CaseAction(
        "casework:document-add",
        "documents",
        lambda world: _upload(),
        lambda case: case.documents.count(),
        multipart=True,
    ),
    "letter": CaseAction(
        "casework:letter-add",
        "letters",
        lambda world: {"key": STATEMENT[0], "language": "en"},
        lambda case: case.letters.count(),
    ),
}


def _case_action(world: World, register: Register, client: Client, allowed: bool, name: str) -> None:
    action = CASE_ACTIONS[name]
    pk = world.records[register.label].pk
    with tenant_context(world.kn):
        before = action.trace(register.model.objects.get(pk=pk))
    page = _url(action.page, pk)
    _answered(client.post(page, action.form(world)), allowed, f"POST {page}", success=(302,))
    with tenant_context(world.kn):
        after = action.trace(register.model.objects.get(pk=pk))
    if allowed:
        assert after != before, f"POST {page} answered but left the case as it was"
        return
    assert after == before, f"a refused POST {page} changed the case"
    api = f"/api/v1/cases/{pk}/{action.api}/"
    values = action.form(world)
    if name == "assign":
        values["officer"] = world.officer.username
    refused = client.post(api, values) if action.multipart else client.post(api, values, content_type=JSON)
    _answered(refused, allowed, f"POST {api}")
    with tenant_context(world.kn):
        assert action.trace(register.model.objects.get(pk=pk)) == before, f"a refused POST {api} changed it"


@dataclass(frozen=True)
class RecordAction:
    """An action of a module on one of its records that is not a case transition (confirming an
    activity, publishing an article): its page, its API if any, and the permission both check."""

    permission: str
    page: str
    api: str = ""


RECORD_ACTIONS: dict[tuple[str, str], RecordAction] = {
    ("monitoring.activity", "confirm"): RecordAction(
        "monitoring.confirm_activity", "monitoring:confirm", "monitoring-api:confirm"
    ),
    ("news.article", "publish"): RecordAction("news.publish_article", "news:publish"),
}


def _record_action(world: World, register: Register, client: Client, allowed: bool, name: str) -> None:
    """Allowed: the record changes (its version rises); refused: 403 from the page and the API, and the
    record stays as it was."""
    action = RECORD_ACTIONS[(register.label, name)]
    pk = world.records[register.label].pk
    with tenant_context(world.kn):
        before = _state(register.model, pk)
    page = _url(action.page, pk)
    _answered(client.post(page, {"version": before["version"]}), allowed, f"POST {page}", success=(302,))
    with tenant_context(world.kn):
        after = _state(register.model, pk)
    if allowed:
        assert after["version"] == before["version"] + 1, f"POST {page} answered but changed nothing"
        return
    assert after == before, f"a refused POST {page} changed the record"
    if action.api:
        api = _url(action.api, pk)
        response = client.post(api, {"version": before["version"]}, content_type=JSON)
        _answered(response, allowed, f"POST {api}")
        with tenant_context(world.kn):
            assert _state(register.model, pk) == before, f"a refused POST {api} changed the record"


@dataclass(frozen=True)
class Call:
    """A request of an action: a named route, its arguments (keys of the world's records, whose ids they
    stand for, or literal values such as a country's code), and what is sent (nothing: a GET)."""

    route: str
    # A key of the world's records, a literal, or what finds the id of a row made by the action's `ready`.
    args: tuple[str | Callable[[World], object], ...] = ()
    values: Callable[[World], dict] | None = None
    json: bool = False
    success: tuple[int, ...] = (302,)
    # What a refused role is answered: 403, or 404 where the page is unknown to whom may not see it.
    refused: int = 403
    # The query string the page is given (a key that makes a progress page answer), if any.
    query: Callable[[World], str] | None = None


@dataclass(frozen=True)
class Act:
    """An action on pages and endpoints of its own (a placement, a merge, the Django admin, the providers'
    console): what it opens, what it posts, and what it changes.

    Allowed: every page answers 200, the first post succeeds and `state` changes. Refused: every page and
    every post answer 403, and `state` stays as it was. `ready` first brings the records to where the
    action starts (through the modules' services, in the test's savepoint); `elsewhere` are pages the
    allowed role does not reach either (404: another country's, in the console)."""

    permission: str | tuple[str, ...]
    pages: tuple[Call, ...] = ()
    posts: tuple[Call, ...] = ()
    state: Callable[[World], object] = lambda world: None
    # Posts tried by the refused roles only (the allowed ones' is tested where the action lives).
    refused_posts: tuple[Call, ...] = ()
    ready: Callable[[World], None] | None = None
    elsewhere: tuple[Call, ...] = ()
    hub: bool = False
    # False for what only shows (a preview): allowed, it must change nothing either.
    changes: bool = True
    # The admin asks for the password again before giving roles (REAUTHENTICATION_SECONDS): given just now.
    password_given: bool = False
    # Pages opened after the posts, what they leave for the user (a refused file's report of errors).
    then: tuple[Call, ...] = ()

    def permissions(self) -> tuple[str, ...]:
        return (self.permission,) if isinstance(self.permission, str) else self.permission


def _in(world: World, act: Act):
    return schema_context(get_public_schema_name()) if act.hub else tenant_context(world.kn)


def _call_url(world: World, act: Act, call: Call) -> str:
    found = {**world.records, **world.hub} if act.hub else world.records
    with _in(world, act):
        args = [arg(world) if callable(arg) else found[arg].pk if arg in found else arg for arg in call.args]
        query = f"?{call.query(world)}" if call.query else ""
    return (
        reverse(call.route, urlconf="clmis.urls.hub" if act.hub else "clmis.urls.country", args=args) + query
    )


def _send(world: World, act: Act, client: Client, call: Call):
    url = _call_url(world, act, call)
    if call.values is None:
        return url, client.get(url)
    with _in(world, act):
        values = call.values(world)
    return url, client.post(url, values, content_type=JSON) if call.json else client.post(url, values)


def _act(world: World, act: Act, client: Client, allowed: bool) -> None:
    # A password set in the admin cycles the admin's own session key, the new session going with the
    # test's savepoint: the client keeps the session it had, which the rollback leaves in place.
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    try:
        _act_tried(world, act, client, allowed)
    finally:
        client.cookies[settings.SESSION_COOKIE_NAME] = session


def _act_tried(world: World, act: Act, client: Client, allowed: bool) -> None:
    if act.password_given:  # the world's sessions may be older than the admin accepts
        with _in(world, act):
            session = client.session
            password_confirmation_record(session, get_user_model()(pk=session["_auth_user_id"]))
            session.save()
    if act.ready is not None:
        with _in(world, act):
            act.ready(world)
    for call in act.pages:
        url, response = _send(world, act, client, call)
        if allowed or call.refused == 403:
            _answered(response, allowed, f"GET {url}", success=call.success)
        else:
            assert response.status_code == call.refused, f"GET {url} answered {response.status_code}"
        if response.streaming:
            assert b"".join(response.streaming_content)
    for call in act.elsewhere:
        url, response = _send(world, act, client, call)
        assert response.status_code == (404 if allowed else 403), f"GET {url} answered {response.status_code}"
    with _in(world, act):
        before = act.state(world)
    for call in act.posts[:1] if allowed else (*act.posts, *act.refused_posts):
        url, response = _send(world, act, client, call)
        _answered(response, allowed, f"POST {url}", success=call.success)
    with _in(world, act):
        after = act.state(world)
    if allowed and act.posts and act.changes:
        assert after != before, f"{act.posts[0].route} answered but changed nothing"
    else:
        assert after == before, "a refused action (or a preview) changed something"
    for call in act.then:
        url, response = _send(world, act, client, call)
        _answered(response, allowed, f"GET {url}", success=call.success)


def _page(route: str, *args: str, success: tuple[int, ...] = (200,)) -> Call:
    return Call(route, args, success=success)


def _users(world: World) -> object:
    return sorted(get_user_model().objects.values_list("username", "is_active"))


def _roles_of(username: str) -> Callable[[World], object]:
    return lambda world: sorted(
        get_user_model().objects.get(username=username).groups.values_list("name", flat=True)
    )


NEW_USER = {
    "username": "matrix_clerk",
    "usable_password": "true",
    "password1": "Tamarind-ledger-2026!",
    "password2": "Tamarind-ledger-2026!",
}


PASSWORD_FIELDS = ("usable_password", "password1", "password2")


def _admin_change(username: str, *roles: str) -> Callable[[World], dict]:
    """The admin's change form of a user, as it stands, with the roles given instead of theirs."""

    def values(world: World) -> dict:
        user = get_user_model().objects.get(username=username)
        groups = Group.objects.filter(name__in=roles).values_list("pk", flat=True)
        return {
            "username": user.username,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "preferred_language": user.preferred_language,
            "is_active": "on",
            "groups": list(groups),
        }

    return values


def _first_version(username: str) -> Callable[[World], int]:
    return lambda world: get_user_model().objects.get(username=username).history.earliest().history_id


def _admin_acts(hub: bool, changed: str, roles: tuple[str, ...]) -> dict[tuple[str, str], Act]:
    """The Django admin of a schema (users and roles), open to its administrators only: entering it and
    reading users and roles, adding a user, changing a user's roles; deleting a user and changing what a
    role may do are nobody's (roles are the code's: roles.py and the manifests)."""
    changed_user, role = f"user:{changed}", f"role:{roles[0]}"
    return {
        ("users", "read"): Act(
            "accounts.view_user",
            (
                _page("admin:index"),
                _page("admin:app_list", "accounts"),
                _page("admin:accounts_user_changelist"),
                _page("admin:accounts_user_change", changed_user),
                _page("admin:accounts_user_history", changed_user),
            ),
            hub=hub,
        ),
        ("users", "create"): Act(
            "accounts.add_user",
            (_page("admin:accounts_user_add"),),
            (Call("admin:accounts_user_add", values=lambda world: NEW_USER),),
            _users,
            hub=hub,
            password_given=True,
        ),
        ("users", "edit"): Act(
            "accounts.change_user",
            (),
            (Call("admin:accounts_user_change", (changed_user,), _admin_change(changed, *roles)),),
            _roles_of(changed),
            hub=hub,
            password_given=True,
        ),
        # A user's record as it stood at one of its changes (the history's "as of" page).
        ("users", "history"): Act(
            "accounts.view_user",
            (_page("admin:accounts_user_simple_history", changed_user, _first_version(changed)),),
            hub=hub,
        ),
        ("users", "password"): Act(
            "accounts.change_user",
            (_page("admin:auth_user_password_change", changed_user),),
            (
                Call(
                    "admin:auth_user_password_change",
                    (changed_user,),
                    lambda world: {key: NEW_USER[key] for key in PASSWORD_FIELDS},
                ),
            ),
            lambda world: get_user_model().objects.get(username=changed).password,
            hub=hub,
            password_given=True,
        ),
        ("users", "delete"): Act(
            "accounts.delete_user",
            (_page("admin:accounts_user_delete", changed_user),),
            (Call("admin:accounts_user_delete", (changed_user,), lambda world: {"post": "yes"}),),
            _users,
            hub=hub,
        ),
        ("roles", "read"): Act(
            "auth.view_group",
            (
                _page("admin:auth_group_changelist"),
                _page("admin:auth_group_change", role),
                _page("admin:auth_group_history", role),
            ),
            hub=hub,
        ),
        ("roles", "edit"): Act(
            "auth.change_group",
            (_page("admin:auth_group_add"),),
            (
                Call("admin:auth_group_change", (role,), lambda world: {"name": roles[0], "permissions": []}),
                Call("admin:auth_group_add", values=lambda world: {"name": "matrix_role"}),
                Call("admin:auth_group_delete", (role,), lambda world: {"post": "yes"}),
            ),
            lambda world: sorted(Group.objects.values_list("name", "permissions")),
            hub=hub,
            password_given=True,
        ),
    }


def _version(key: str) -> Callable[[World], int]:
    return lambda world: _state(type(world.records[key]), world.records[key].pk)["version"]


def _states(*keys: str) -> Callable[[World], object]:
    return lambda world: [_state(type(world.records[key]), world.records[key].pk) for key in keys]


def _contents(model: type[Model]) -> Callable[[World], object]:
    """The table's rows, every field: what an action adds, changes or removes there."""
    return lambda world: _rows(model)()


def _referral_placed(world: World) -> None:
    referral = world.records["matching.jobreferral"]
    placed_by = world.records["user:supervisor"]
    referral_place(referral=JobReferral.objects.get(pk=referral.pk), placed_on=TODAY, by=placed_by)


def _renewal(world: World) -> dict:
    """The registration form as a person types it again, applied to the registration found its duplicate."""
    values = FORMS["job_seekers.jobseeker"](world.records, 0) | EDITS["job_seekers.jobseeker"]
    return values | {"existing_version": _version("job_seekers.jobseeker")(world)}


def _permit_approved(world: World) -> None:
    """The world's application reviewed and approved by a supervisor: only an approved permit is renewed."""
    permit = WorkPermit.objects.get(pk=world.records["work_permits.workpermit"].pk)
    supervisor = world.records["user:supervisor"]
    tested = {"no_suitable_national": True}  # the labour-market test done, as approving requires
    permit = permit_update(permit=permit, values=tested, version=permit.version, by=supervisor)
    permit = case_transition(case=permit, action="review", version=permit.version, by=supervisor)
    validity = {"valid_from": TODAY, "valid_until": TODAY + datetime.timedelta(days=365)}
    case_transition(case=permit, action="approve", values=validity, version=permit.version, by=supervisor)


def _merge(world: World) -> dict:
    duplicate = world.records["job_seekers.jobseeker:2"]
    return {"duplicate": duplicate.reference, "version": _version("job_seekers.jobseeker")(world)}


def _staff_candidate(world: World) -> None:
    user_create(
        username="matrix_provider",
        email="matrix@example.org",
        password=NEW_USER["password1"],
        roles=["service_provider"],
    )


SUBMITTED_VALUE = {"period": str(TODAY.year - 1), "SEX": "SEX_F", "value": "12"}


def _value_submitted(world: World) -> None:
    indicator = Indicator.objects.get(pk=world.records["indicators.indicator"].pk)
    observations_submit(
        indicator=indicator, rows=[SUBMITTED_VALUE], by=world.records["user:agency_submitter"]
    )


# A computation asked for by the matrix: its progress page is known by its id and the country's key.
COMPUTE_TASK = "6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f"
# A file of values that is not the template: refused whole, its errors kept for their report.
REFUSED_FILE = b"not,the,template\n1,2,3\n"


def _refused_file(world: World) -> dict:
    return {"file": SimpleUploadedFile("values.csv", REFUSED_FILE, "text/csv")}


def _submitter_candidate(world: World) -> None:
    user_create(
        username="matrix_submitter",
        email="submitter@example.org",
        password=NEW_USER["password1"],
        roles=["agency_submitter"],
    )


def _round_change(world: World) -> dict:
    return {"version": _version("vacancy_surveys.surveyround")(world), "reason": "A late response"}


def _round_along(steps: tuple[str, ...]) -> Callable[[World], None]:
    """The round's sample chosen (one employer), then taken through the steps by a supervisor."""
    services = {"open": round_open, "close": round_close}

    def ready(world: World) -> None:
        survey_round = SurveyRound.objects.get(pk=world.records["vacancy_surveys.surveyround"].pk)
        supervisor = world.records["user:supervisor"]
        round_sample_add(round=survey_round, employers=[world.records["employers.employer"]], by=supervisor)
        for step in steps:
            survey_round = SurveyRound.objects.get(pk=survey_round.pk)
            services[step](round=survey_round, version=survey_round.version, by=supervisor)

    return ready


def _round_answering(world: World) -> None:
    """The round taking responses today (its dates moved to the past by its service), the world's employer
    asked in it."""
    survey_round = SurveyRound.objects.get(pk=world.records["vacancy_surveys.surveyround"].pk)
    dates = {"reference_date": _ago(days=5), "opens_on": _ago(days=5), "closes_on": _ahead(20)}
    round_save(round=survey_round, values=dates, version=survey_round.version, by=None)
    _round_along(("open",))(world)


RESPONSE_LINE = {"occupation": "5120", "vacancies": 2, "hard_to_fill": 1, "expected_next_12_months": 3}


def _response_form(world: World) -> dict:
    """The response page as an officer fills it in: the employer's answer and one line of it."""
    lines = {
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
    }
    lines |= {f"lines-0-{name}": str(value) for name, value in RESPONSE_LINE.items()}
    response = SurveyResponse.objects.filter(round=world.records["vacancy_surveys.surveyround"].pk).first()
    version = {"version": response.version} if response else {}
    return (
        lines
        | version
        | {
            "employer": world.records["employers.employer"].pk,
            "responded_on": str(TODAY),
            "respondent_name": "Matrix respondent",
        }
    )


def _responded(world: World) -> None:
    """The round answering, the world's employer's response recorded by its service."""
    _round_answering(world)
    survey_round = SurveyRound.objects.get(pk=world.records["vacancy_surveys.surveyround"].pk)
    line = RESPONSE_LINE | {"occupation": Code.objects.get(classification__key="isco08", code="5120")}
    values = {"employer": world.records["employers.employer"], "responded_on": TODAY, "lines": [line]}
    response_save(round=survey_round, values=values, version=None, by=world.records["user:officer"])


def _response(world: World) -> int:
    return SurveyResponse.objects.get(round=world.records["vacancy_surveys.surveyround"].pk).pk


def _reopening(key: str) -> Callable[[World], dict]:
    return lambda world: {"version": _version(key)(world), "reason": "A figure was wrong"}


def _activity_confirmed(world: World) -> None:
    activity = Activity.objects.get(pk=world.records["monitoring.activity"].pk)
    activity_confirm(activity=activity, version=activity.version, by=world.records["user:supervisor"])


def _article_published(world: World) -> None:
    article = Article.objects.get(pk=world.records["news.article"].pk)
    article_publish(article=article, version=article.version, by=world.records["user:statistician"])


def _checklist(world: World) -> dict:
    """Every area of the checklist found compliant, as an inspector ticks them."""
    inspection = Inspection.objects.get(pk=world.records["inspections.inspection"].pk)
    fields = ChecklistForm(items=checklist_of(inspection)).fields
    read = {name: "" if field.initial is None else field.initial for name, field in fields.items()}
    return read | {name: Finding.COMPLIANT for name in fields if name.endswith("-finding")}


# A national code table of the matrix's, with one code.
NATIONAL_TABLE = "kn-matrix"


def _national_table() -> None:
    table = national_table_create(key=NATIONAL_TABLE, title="Matrix table", by=None)
    national_code_save(table=table, code="M-1", title="Matrix code", by=None)


def _report_tables() -> dict[str, list[str]]:
    """The report tables of the modules (not the test suite's own), by the permission that shows them."""
    tables: dict[str, list[str]] = {}
    for config in installed_modules():
        for path in () if config.name.startswith("tests.") else config.manifest.reports:
            table = import_string(path)
            tables.setdefault(table.permission, []).append(table.key)
    return tables


def _extra_state_added(world: World) -> None:
    extra_state_add(
        case_type="complaints.complaint", key="mediation", label="Mediation", after="investigating", by=None
    )


def _extra_state(world: World) -> int:
    return ExtraState.objects.get(key="mediation").pk


def _configuration_file(world: World) -> dict:
    """The country's own configuration, uploaded to see what it would change (nothing)."""
    document = json.dumps(configuration_export()).encode()
    upload = SimpleUploadedFile("configuration.json", document, "application/json")
    return {"file": upload, "sections": [key for key, _title in section_choices()]}


def _configuration_previewed(world: World) -> dict:
    """The country's own configuration as the preview hands it on to be applied: the import is recorded."""
    document = configuration_export()
    return {
        "document": json.dumps(document),
        "checksum": configuration_checksum(document),
        "sections": [key for key, _title in section_choices()],
    }


def _provider_changed(world: World) -> None:
    """The provider assigned to kn disables a module from the console: the country is told of it."""
    with schema_context(get_public_schema_name()):
        console = console_open(world.hub["user:service_provider"])
        console_module_change(console=console, country=world.kn, key="monitoring", enable=False)


def _provider_change(world: World) -> int:
    return ProviderChangeNotice.objects.latest("pk").pk


# Saint Lucia's module, the one package installed here that a country contributed.
SUBMISSION = {
    "distribution": "clmis-training-programmes",
    "version": "1.0.0",
    "source_url": "https://git.example.org/saint-lucia/clmis-training-programmes",
    "source_ref": "v1.0.0",
    "contact_name": "Lena Henry",
    "contact_email": "lmis@labour.lc.example",
}


def _under_review(world: World) -> None:
    """Saint Lucia's submission under review by a hub administrator, the tests recorded as passed."""
    extension, reviewer = Extension.objects.get(), world.hub["user:hub_admin"]
    extension_review_start(extension=extension, by=reviewer)
    extension_check_record(
        extension=extension, item=ExtensionCheck.Item.TESTS, verdict="passed", findings="Passed", by=reviewer
    )


def _ours_submitted(world: World) -> None:
    """One of kn's own submissions beside Saint Lucia's: recorded as the hub keeps it, since the only
    contributed package installed is Saint Lucia's (the service refuses it to kn)."""
    with schema_context(get_public_schema_name()):
        Extension.objects.create(
            country=world.kn,
            module="kn_matrix",
            title="Matrix module",
            distribution="clmis-kn-matrix",
            version="1.0.0",
            source_url="https://git.example.org/kn/matrix",
            source_ref="v1.0.0",
            licence="EUPL-1.2",
            contact_name="Matrix",
            contact_email="matrix@example.org",
            description="Matrix",
            platform=">=2026.1",
            submitted_by="kn:lmis_admin",
        )


def _extension(country: str) -> Callable[[World], int]:
    return lambda world: Extension.objects.get(country__schema_name=country).pk


def _release_in_range(world: World) -> dict:
    """The release the extension is accepted into, in its range (recorded as the hub cut it)."""
    release = Release.objects.create(
        version="2026.1", kind="major", released_on=datetime.date(2026, 1, 15), cut_by="hub:hub_admin"
    )
    return {"release": release.version}


def _release_recorded(world: World) -> None:
    with schema_context(get_public_schema_name()):
        release_cut(kind=Release.Kind.MAJOR, notes={"en": "Matrix"}, by=None)


def _behind(*codes: str) -> list[Country]:
    """Countries on an older release than the code's: theirs to be upgraded."""
    countries = list(Country.objects.filter(schema_name__in=codes))
    for country in countries:
        country.release = "2025.2"
        country.save(update_fields=["release"])
    return countries


def _rollout_running(world: World) -> None:
    """The running code's release recorded and rolled out to sr (its workers not sent)."""
    _release_recorded(world)
    rollout_start(release=Release.objects.get(version=RELEASE), countries=_behind("sr"), send=False)


def _rollout(world: World) -> int:
    return Rollout.objects.get().pk


def _exported(world: World) -> None:
    """A person's copy of their data taken (an access request): the log of exports has its line."""
    personal_data_archive(case=world.records["complaints.complaint"], by=world.records["user:supervisor"])


def _export_logged(world: World) -> int:
    return Export.objects.latest("pk").pk


# The admin's delete page, its "Yes, I'm sure".
CONFIRMED = {"post": "yes"}


def _retention_ruled(world: World) -> None:
    retention_rule_save(case_type="complaints.complaint", years=7, by=None)


def _retention_rule(world: World) -> int:
    return RetentionRule.objects.get().pk


def _erased(world: World) -> None:
    """A person's data erased at their request: the log of erasures has its line."""
    complaint = world.records["complaints.complaint"]
    personal_data_erase(case=complaint, by=world.records["user:supervisor"], reason="request")


def _erasure(world: World) -> int:
    return Erasure.objects.get().pk


def _harmonised_code(world: World) -> str:
    return HarmonisedIndicator.objects.order_by("pk").first().code


CONSOLE_PAGES = tuple(
    _page(f"console:{name}", *args)
    for name, args in (
        ("home", ()),
        ("country", ("kn",)),
        ("fields", ("kn",)),
        ("field-create", ("kn",)),
        ("field", ("kn", "custom_fields.customfield")),
        ("settings", ("kn",)),
        ("configuration", ("kn",)),
        ("export", ("kn",)),
        ("extensions", ("kn",)),
    )
)
# Actions on pages and endpoints of their own, by subject and action as in the table.
ACTS: dict[tuple[str, str], Act] = {
    **{
        (f"admin.{subject}", action): act
        for (subject, action), act in _admin_acts(False, "officer", ("officer", "statistician")).items()
    },
    **{
        (f"hub.{subject}", action): act
        for (subject, action), act in _admin_acts(
            True, "regional_analyst", ("regional_analyst", "service_provider")
        ).items()
    },
    # The country's admin also keeps the log of exports and the personal data's retention and erasures.
    ("admin.exports", "read"): Act(
        "audit.view_export",
        (
            _page("admin:audit_export_changelist"),
            _page("admin:audit_export_change", _export_logged),
            _page("admin:audit_export_history", _export_logged),
        ),
        ready=_exported,
    ),
    # The log is never changed: no role holds a permission to (the model has none), the admin refuses all.
    ("admin.exports", "change"): Act(
        "audit.change_export",
        (_page("admin:audit_export_add"), _page("admin:audit_export_delete", _export_logged)),
        refused_posts=(
            Call("admin:audit_export_add", values=lambda world: {"actor": "x", "records": "x", "rows": "1"}),
            Call("admin:audit_export_change", (_export_logged,), lambda world: {"rows": "2"}),
            Call("admin:audit_export_delete", (_export_logged,), lambda world: {"post": "yes"}),
        ),
        state=_contents(Export),
        ready=_exported,
    ),
    ("admin.retention_rules", "read"): Act(
        "personal_data.view_retentionrule",
        (
            _page("admin:personal_data_retentionrule_changelist"),
            _page("admin:personal_data_retentionrule_change", _retention_rule),
            _page("admin:personal_data_retentionrule_history", _retention_rule),
        ),
        ready=_retention_ruled,
    ),
    ("admin.retention_rules", "create"): Act(
        "personal_data.add_retentionrule",
        (_page("admin:personal_data_retentionrule_add"),),
        (
            Call(
                "admin:personal_data_retentionrule_add",
                values=lambda world: {"case_type": "complaints.complaint", "years": "7"},
            ),
        ),
        _contents(RetentionRule),
    ),
    ("admin.retention_rules", "edit"): Act(
        "personal_data.change_retentionrule",
        posts=(
            Call(
                "admin:personal_data_retentionrule_change", (_retention_rule,), lambda world: {"years": "9"}
            ),
        ),
        state=_contents(RetentionRule),
        ready=_retention_ruled,
    ),
    ("admin.retention_rules", "delete"): Act(
        "personal_data.delete_retentionrule",
        (_page("admin:personal_data_retentionrule_delete", _retention_rule),),
        (
            Call(
                "admin:personal_data_retentionrule_delete", (_retention_rule,), lambda world: {"post": "yes"}
            ),
        ),
        _contents(RetentionRule),
        ready=_retention_ruled,
    ),
    ("admin.erasures", "read"): Act(
        "personal_data.view_erasure",
        (
            _page("admin:personal_data_erasure_changelist"),
            _page("admin:personal_data_erasure_change", _erasure),
            _page("admin:personal_data_erasure_history", _erasure),
        ),
        ready=_erased,
    ),
    # Nor is the log of erasures changed: no role holds a permission to, the admin refuses all.
    ("admin.erasures", "change"): Act(
        "personal_data.change_erasure",
        (_page("admin:personal_data_erasure_add"), _page("admin:personal_data_erasure_delete", _erasure)),
        refused_posts=(
            Call(
                "admin:personal_data_erasure_add",
                values=lambda world: {"reference": "x", "reason": "request"},
            ),
            Call("admin:personal_data_erasure_change", (_erasure,), lambda world: {"reference": "x"}),
            Call("admin:personal_data_erasure_delete", (_erasure,), lambda world: {"post": "yes"}),
        ),
        state=_contents(Erasure),
        ready=_erased,
    ),
    # The service providers' console: the staff of a provider assigned to kn configure kn from the hub.
    ("hub.console", "read"): Act(
        "tenants.use_provider_console", CONSOLE_PAGES, elsewhere=(_page("console:country", "lc"),), hub=True
    ),
    ("hub.console", "configure"): Act(
        "tenants.use_provider_console",
        posts=(
            Call("console:modules", ("kn",), lambda world: {"module": "monitoring", "action": "disable"}),
            Call(
                "console:field-create",
                ("kn",),
                lambda world: FORMS["custom_fields.customfield"](world.records, 1),
            ),
            Call("console:settings", ("kn",), lambda world: {"site_name": "Refused"}),
            Call("console:preview", ("kn",), lambda world: {"document": "{}"}),
            Call("console:apply", ("kn",), lambda world: {"document": "{}"}),
        ),
        state=lambda world: (
            _enabled_modules(),
            _in_kn(world, _rows(CustomField, CountrySettings, ConfigurationImport)),
        ),
        hub=True,
    ),
    # A provider's accreditation, the countries assigned to it and its staff: the hub's administrators'.
    ("hub.providers", "edit"): Act(
        ("tenants.view_serviceprovider", "tenants.change_serviceprovider"),
        (_page("providers:detail", "provider"), _page("providers:edit", "provider")),
        (Call("providers:edit", ("provider",), lambda world: _provider_values(world, notes="Changed")),),
        _contents(ServiceProvider),
        hub=True,
    ),
    ("hub.provider_countries", "create"): Act(
        "tenants.add_providerassignment",
        posts=(Call("providers:assign", ("provider",), lambda world: {"country": world.hub["sr"].pk}),),
        state=_contents(ProviderAssignment),
        hub=True,
    ),
    ("hub.provider_countries", "edit"): Act(
        "tenants.change_providerassignment",
        posts=(Call("providers:unassign", ("provider", "assignment"), lambda world: {}),),
        state=_contents(ProviderAssignment),
        hub=True,
    ),
    ("hub.provider_staff", "create"): Act(
        "tenants.add_providerstaff",
        posts=(
            Call(
                "providers:staff-add",
                ("provider",),
                lambda world: {"user": get_user_model().objects.get(username="matrix_provider").pk},
            ),
        ),
        state=_contents(ProviderStaff),
        ready=_staff_candidate,
        hub=True,
    ),
    ("hub.provider_staff", "delete"): Act(
        "tenants.delete_providerstaff",
        posts=(Call("providers:staff-remove", ("provider", "staff"), lambda world: {}),),
        state=_contents(ProviderStaff),
        hub=True,
    ),
    # Matching: referring from the ranked lists, recording a placement and cancelling it.
    ("matching.jobreferral", "rank"): Act(
        ("matching.view_jobreferral", "job_seekers.view_jobseeker", "vacancies.view_vacancy"),
        (
            _page("matching:vacancy-candidates", "vacancies.vacancy"),
            _page("matching:job-seeker-vacancies", "job_seekers.jobseeker:2"),
            _page("matching-api:vacancy-candidates", "vacancies.vacancy"),
            _page("matching-api:job-seeker-vacancies", "job_seekers.jobseeker:2"),
        ),
    ),
    ("matching.jobreferral", "refer"): Act(
        "matching.add_jobreferral",
        posts=(
            Call(
                "matching:refer",
                values=lambda world: {
                    "job_seeker": world.records["job_seekers.jobseeker:2"].pk,
                    "vacancy": world.records["vacancies.vacancy"].pk,
                },
            ),
        ),
        state=_contents(JobReferral),
    ),
    ("matching.jobreferral", "place"): Act(
        "matching.change_jobreferral",
        (_page("matching:placement", "matching.jobreferral"),),
        (
            Call(
                "matching:placement",
                ("matching.jobreferral",),
                lambda world: {"placed_on": str(TODAY), "version": _version("matching.jobreferral")(world)},
            ),
            Call(
                "matching-api:placement",
                ("matching.jobreferral",),
                lambda world: {"placed_on": str(TODAY), "version": _version("matching.jobreferral")(world)},
                json=True,
            ),
        ),
        _states("matching.jobreferral", "job_seekers.jobseeker", "vacancies.vacancy"),
    ),
    ("matching.jobreferral", "cancel_placement"): Act(
        "matching.cancel_placement",
        (_page("matching:placement-cancel", "matching.jobreferral"),),
        (
            Call(
                "matching:placement-cancel",
                ("matching.jobreferral",),
                lambda world: {"reason": "Matrix", "version": _version("matching.jobreferral")(world)},
            ),
            Call(
                "matching-api:placement-cancel",
                ("matching.jobreferral",),
                lambda world: {"reason": "Matrix", "version": _version("matching.jobreferral")(world)},
                json=True,
            ),
        ),
        _states("matching.jobreferral", "job_seekers.jobseeker", "vacancies.vacancy"),
        ready=_referral_placed,
    ),
    # Job seekers: a duplicate registration merged into the one kept; a registration renewed from the form.
    ("job_seekers.jobseeker", "merge"): Act(
        "job_seekers.merge_jobseeker",
        posts=(
            Call("job_seekers:merge", ("job_seekers.jobseeker",), _merge),
            Call(
                "job_seekers-api:merge",
                ("job_seekers.jobseeker",),
                lambda world: {
                    "duplicate": world.records["job_seekers.jobseeker:2"].pk,
                    "version": _version("job_seekers.jobseeker")(world),
                },
                json=True,
            ),
        ),
        state=_states("job_seekers.jobseeker", "job_seekers.jobseeker:2"),
    ),
    ("job_seekers.jobseeker", "renew"): Act(
        "job_seekers.change_jobseeker",
        posts=(
            Call("job_seekers:update-from-registration", ("job_seekers.jobseeker",), _renewal),
            Call(
                "job_seekers-api:update-from-registration",
                ("job_seekers.jobseeker",),
                lambda world: (
                    EDITS["job_seekers.jobseeker"] | {"version": _version("job_seekers.jobseeker")(world)}
                ),
                json=True,
            ),
        ),
        state=_states("job_seekers.jobseeker"),
    ),
    # A work permit renewed: a new application, prefilled from the approved one, registered from its page.
    ("work_permits.workpermit", "renew"): Act(
        "work_permits.add_workpermit",
        (_page("work_permits:renew", "work_permits.workpermit"),),
        (
            Call(
                "work_permits:renew",
                ("work_permits.workpermit",),
                lambda world: FORMS["work_permits.workpermit"](world.records, 0),
            ),
        ),
        _contents(WorkPermit),
        ready=_permit_approved,
    ),
    # National indicators: an agency's submitter submits its values, the LMIS administrator approves them
    # for publication and names who submits for which agency.
    ("indicators.observation", "submit"): Act(
        "indicators.add_observation",
        (
            _page("indicators:submit"),
            _page("indicators:submit-form", "indicators.indicator"),
            _page("indicators:submit-upload", "indicators.indicator"),
            _page("indicators:submit-template", "indicators.indicator"),
            _page("indicators:submit-template-xlsx", "indicators.indicator"),
        ),
        (
            Call("indicators:submit-form", ("indicators.indicator",), lambda world: SUBMITTED_VALUE),
            Call(
                "indicators_api:values",
                ("indicators.indicator",),
                lambda world: [SUBMITTED_VALUE],
                json=True,
                success=(201,),
            ),
        ),
        _contents(Observation),
    ),
    ("indicators.observation", "approve"): Act(
        "indicators.approve_observation",
        (_page("indicators:values"),),
        (
            Call(
                "indicators:values",
                values=lambda world: {
                    "decision": "approve",
                    "selected": list(Observation.objects.values_list("pk", flat=True)),
                },
            ),
        ),
        _contents(Observation),
        ready=_value_submitted,
    ),
    # Computing the indicators of a period: a task asked for (in the outbox until the broker takes it),
    # its progress followed on its page.
    ("indicators.indicator", "compute"): Act(
        "indicators.change_indicator",
        (
            _page("indicators:compute"),
            Call(
                "indicators:compute-progress",
                (COMPUTE_TASK,),
                success=(200,),
                query=lambda world: compute_progress_url(COMPUTE_TASK).partition("?")[2],
            ),
        ),
        (Call("indicators:compute", values=lambda world: {"period": str(TODAY.year - 1)}),),
        _contents(Message),
    ),
    # A file of values refused: nothing saved, its errors downloaded by whom sent it.
    ("indicators.observation", "error_report"): Act(
        "indicators.add_observation",
        posts=(Call("indicators:submit-upload", ("indicators.indicator",), _refused_file, success=(200,)),),
        state=_contents(Observation),
        changes=False,
        then=(Call("indicators:submit-errors", ("indicators.indicator",), success=(200,)),),
    ),
    ("indicators.agency", "member_add"): Act(
        "indicators.add_agencymember",
        posts=(
            Call(
                "indicators:agency-member-add",
                ("indicators.agency",),
                lambda world: {"user": get_user_model().objects.get(username="matrix_submitter").pk},
            ),
        ),
        state=_contents(AgencyMember),
        ready=_submitter_candidate,
    ),
    ("indicators.agency", "member_remove"): Act(
        "indicators.delete_agencymember",
        posts=(
            Call(
                "indicators:agency-member-remove",
                ("indicators.agency", "user:agency_submitter"),
                lambda world: {},
            ),
        ),
        state=_contents(AgencyMember),
    ),
    # A vacancy survey round: its sample of employers, then opened, closed and reopened by its organisers.
    ("vacancy_surveys.surveyround", "sample"): Act(
        "vacancy_surveys.view_surveyround",
        (
            _page("vacancy_surveys:sample", "vacancy_surveys.surveyround"),
            _page("vacancy_surveys:letters", "vacancy_surveys.surveyround"),
            _page("vacancy_surveys-api:sample", "vacancy_surveys.surveyround"),
        ),
    ),
    ("vacancy_surveys.surveyround", "sample_change"): Act(
        "vacancy_surveys.change_surveyround",
        posts=(
            Call(
                "vacancy_surveys:sample",
                ("vacancy_surveys.surveyround",),
                lambda world: {"employer": [world.records["employers.employer"].pk]},
            ),
            Call(
                "vacancy_surveys-api:sample",
                ("vacancy_surveys.surveyround",),
                lambda world: {"add": [world.records["employers.employer"].pk]},
                json=True,
            ),
        ),
        state=lambda world: _rows(SampledEmployer)(),
    ),
    **{
        ("vacancy_surveys.surveyround", status): Act(
            "vacancy_surveys.open_surveyround",
            posts=(
                Call(f"vacancy_surveys:{status}", ("vacancy_surveys.surveyround",), _round_change),
                Call(
                    f"vacancy_surveys-api:{status}",
                    ("vacancy_surveys.surveyround",),
                    _round_change,
                    json=True,
                ),
            ),
            state=_states("vacancy_surveys.surveyround"),
            ready=_round_along(steps),
        )
        for status, steps in (("open", ()), ("close", ("open",)), ("reopen", ("open", "close")))
    },
    # A round's responses, each with its lines, entered by an officer from its page or the API.
    ("vacancy_surveys.surveyresponse", "read"): Act(
        "vacancy_surveys.view_surveyresponse",
        (
            _page("vacancy_surveys:responses", "vacancy_surveys.surveyround"),
            _page("vacancy_surveys:response", _response),
            _page("vacancy_surveys-api:responses", "vacancy_surveys.surveyround"),
            _page("vacancy_surveys-api:response", _response),
        ),
        ready=_responded,
    ),
    ("vacancy_surveys.surveyresponse", "create"): Act(
        "vacancy_surveys.add_surveyresponse",
        (_page("vacancy_surveys:response-create", "vacancy_surveys.surveyround"),),
        (
            Call("vacancy_surveys:response-create", ("vacancy_surveys.surveyround",), _response_form),
            Call(
                "vacancy_surveys-api:responses",
                ("vacancy_surveys.surveyround",),
                lambda world: {
                    "employer": world.records["employers.employer"].pk,
                    "responded_on": str(TODAY),
                    "lines": [RESPONSE_LINE],
                },
                json=True,
                success=(201,),
            ),
        ),
        lambda world: _rows(SurveyResponse, ResponseLine)(),
        ready=_round_answering,
    ),
    ("vacancy_surveys.surveyresponse", "edit"): Act(
        "vacancy_surveys.change_surveyresponse",
        (_page("vacancy_surveys:response-edit", _response),),
        (
            Call(
                "vacancy_surveys:response-edit",
                (_response,),
                lambda world: _response_form(world) | {"respondent_name": "Changed"},
            ),
        ),
        lambda world: _rows(SurveyResponse, ResponseLine)(),
        ready=_responded,
    ),
    ("vacancy_surveys.surveyround", "response_export"): Act(
        "vacancy_surveys.export_surveyround",
        (_page("vacancy_surveys:response-export", "vacancy_surveys.surveyround"),),
        ready=_responded,
    ),
    # A confirmed activity reopened for correction; a draft recorded by mistake deleted.
    ("monitoring.activity", "reopen"): Act(
        "monitoring.confirm_activity",
        posts=(
            Call("monitoring:reopen", ("monitoring.activity",), _reopening("monitoring.activity")),
            Call(
                "monitoring-api:reopen",
                ("monitoring.activity",),
                _reopening("monitoring.activity"),
                json=True,
            ),
        ),
        state=_states("monitoring.activity"),
        ready=_activity_confirmed,
    ),
    ("monitoring.activity", "delete"): Act(
        "monitoring.delete_activity",
        (_page("monitoring:delete", "monitoring.activity"),),
        (Call("monitoring:delete", ("monitoring.activity",), lambda world: {}),),
        _contents(Activity),
    ),
    # A published article taken back to draft: the public no longer sees it.
    ("news.article", "unpublish"): Act(
        "news.publish_article",
        posts=(
            Call(
                "news:unpublish",
                ("news.article",),
                lambda world: {"version": _version("news.article")(world)},
            ),
        ),
        state=_states("news.article"),
        ready=_article_published,
    ),
    # An inspection's checklist of findings; a follow-up visit planned once the workplace is visited.
    ("inspections.inspection", "checklist"): Act(
        "inspections.change_checklistitem",
        (_page("inspections:checklist", "inspections.inspection"),),
        (
            Call("inspections:checklist", ("inspections.inspection",), _checklist),
            Call(
                "inspections-api:checklist",
                ("inspections.inspection",),
                lambda world: {"finding": Finding.COMPLIANT},
                json=True,
            ),
        ),
        lambda world: _rows(ChecklistItem)(),
    ),
    ("inspections.inspection", "follow_up"): Act(
        "inspections.add_inspection",
        posts=(
            Call(
                "inspections:follow-up",
                ("inspections.inspection:visited",),
                lambda world: {"due_on": _ahead(20)},
            ),
            Call(
                "inspections-api:follow-up",
                ("inspections.inspection:visited",),
                lambda world: {"due_on": _ahead(20)},
                json=True,
            ),
        ),
        state=_contents(Inspection),
    ),
    # A national code table's codes, kept by the LMIS administrators (the tables themselves: settings.tables).
    ("reference.code", "create"): Act(
        "reference.add_code",
        (_page("reference:code-create", NATIONAL_TABLE),),
        (
            Call(
                "reference:code-create",
                (NATIONAL_TABLE,),
                lambda world: {"code": "M-2", "title": "Matrix code two", "active": "on"},
            ),
        ),
        lambda world: _rows(Code)(),
    ),
    ("reference.code", "edit"): Act(
        "reference.change_code",
        (_page("reference:code-edit", NATIONAL_TABLE, "M-1"),),
        (
            Call(
                "reference:code-edit",
                (NATIONAL_TABLE, "M-1"),
                lambda world: {"code": "M-1", "title": "Changed", "active": "on"},
            ),
        ),
        lambda world: _rows(Code)(),
    ),
    # The search boxes of other forms (an employer or a workplace picked by name): their register's readers.
    ("employers.employer", "search"): Act("employers.view_employer", (_page("employers:search"),)),
    ("workplaces.workplace", "search"): Act("workplaces.view_workplace", (_page("workplaces:search"),)),
    # The statistical and workflow tables: each shown to the readers of its records, unknown (404) to others.
    **{
        (f"reports.{permission.replace('.view_', '.')}", "read"): Act(
            permission, tuple(Call("reports:show", (key,), success=(200,), refused=404) for key in keys)
        )
        for permission, keys in _report_tables().items()
    },
    # A country's own settings beyond their pages' saves: a label and an added state removed, a letter's
    # wording previewed, the configuration as a file (exported, previewed, applied), a provider's change
    # reverted by the country.
    ("labels.label", "remove"): Act(
        "labels.delete_label",
        posts=(Call("labels:remove", ("labels.label",), lambda world: {}),),
        state=lambda world: _rows(Label)(),
    ),
    ("settings.workflows", "state_remove"): Act(
        "casework.change_statedeadline",
        posts=(
            Call(
                "workflows:state-remove",
                (lambda world: "complaints.complaint", _extra_state),
                lambda world: {},
            ),
        ),
        state=lambda world: _rows(ExtraState)(),
        ready=_extra_state_added,
    ),
    ("settings.letters", "preview"): Act(
        "casework.view_lettertemplate",
        posts=(
            Call(
                "letter_settings_api:preview",
                ("complaints/acknowledgment", "en"),
                lambda world: {"subject": "Matrix", "body": "Matrix"},
                json=True,
                success=(200,),
            ),
        ),
        state=lambda world: _rows(LetterTemplate)(),
        changes=False,
    ),
    ("settings.configuration", "export"): Act(
        "configuration.view_configurationimport", (_page("configuration:export"),)
    ),
    ("settings.configuration", "preview"): Act(
        "configuration.add_configurationimport",
        posts=(Call("configuration:preview", values=_configuration_file, success=(200,)),),
        state=lambda world: _rows(ConfigurationImport, CountrySettings)(),
        changes=False,
    ),
    ("settings.configuration", "apply"): Act(
        "configuration.add_configurationimport",
        posts=(Call("configuration:apply", values=_configuration_previewed),),
        state=lambda world: _rows(ConfigurationImport)(),
    ),
    ("settings.provider_changes", "revert"): Act(
        "configuration.revert_providerchangenotice",
        posts=(Call("provider-change-revert", (_provider_change,), lambda world: {}),),
        state=lambda world: (_enabled_modules(), _rows(ProviderChangeNotice)()),
        ready=_provider_changed,
    ),
    # A vacancy registered from a work request, the form filled in from it.
    ("vacancies.workrequest", "vacancy"): Act(
        "vacancies.add_vacancy",
        (_page("vacancies:work-request-vacancy", "vacancies.workrequest"),),
        (
            Call(
                "vacancies:work-request-vacancy",
                ("vacancies.workrequest",),
                lambda world: FORMS["vacancies.vacancy"](world.records, 1),
            ),
        ),
        _contents(Vacancy),
    ),
    # The hub's catalogue, one indicator and one code list at a time; its changes opened by the hub's
    # administrators (what they change there is tests/regional_hub's) and refused to the others.
    ("hub.catalogue", "detail"): Act(
        "catalogue.view_harmonisedindicator",
        (
            _page("catalogue:detail", _harmonised_code),
            _page("catalogue:codelist", lambda world: Codelist.objects.order_by("pk").first().concept),
        ),
        hub=True,
    ),
    ("hub.catalogue", "edit"): Act(
        "catalogue.change_harmonisedindicator",
        (_page("catalogue:edit", _harmonised_code),),
        refused_posts=(Call("catalogue:edit", (_harmonised_code,), lambda world: {"name": "Refused"}),),
        state=lambda world: _rows(HarmonisedIndicator)(),
        hub=True,
    ),
    ("hub.catalogue", "definition"): Act(
        "catalogue.add_definition",
        (_page("catalogue:definition", _harmonised_code),),
        refused_posts=(Call("catalogue:definition", (_harmonised_code,), lambda world: {"text": "Refused"}),),
        state=lambda world: _rows(Definition)(),
        hub=True,
    ),
    # A request to a country for values, read and closed by the coordination unit.
    ("hub.data_requests", "close"): Act(
        ("data_requests.view_datarequest", "data_requests.change_datarequest"),
        (_page("data_requests:detail", "data_request"),),
        (Call("data_requests:close", ("data_request",), lambda world: {}),),
        lambda world: _rows(DataRequest)(),
        hub=True,
    ),
    # The releases recorded and their rollouts: a release cut from the running code, a rollout followed,
    # countries added to it, its waiting countries cancelled, its workers sent again (refused only here:
    # sending them is tests/regional_hub's, the matrix has no broker's workers).
    ("hub.releases", "detail"): Act(
        "releases.view_release", (_page("releases:detail", RELEASE),), ready=_release_recorded, hub=True
    ),
    ("hub.releases", "cut"): Act(
        "releases.add_release",
        (_page("releases:cut"),),
        (
            Call(
                "releases:cut",
                values=lambda world: {"kind": "major", "released_on": str(TODAY), "notes_en": "Matrix"},
            ),
        ),
        _contents(Release),
        hub=True,
    ),
    ("hub.releases", "rollout"): Act(
        "releases.view_rollout", (_page("releases:rollout", _rollout),), ready=_rollout_running, hub=True
    ),
    ("hub.releases", "rollout_add"): Act(
        "releases.change_rollout",
        (_page("releases:rollout-add", _rollout),),
        (
            Call(
                "releases:rollout-add",
                (_rollout,),
                lambda world: {"countries": [country.pk for country in _behind("lc")], "wave": "2"},
            ),
        ),
        lambda world: _rows(RolloutCountry)(),
        ready=_rollout_running,
        hub=True,
    ),
    ("hub.releases", "rollout_cancel"): Act(
        "releases.change_rollout",
        posts=(Call("releases:rollout-cancel", (_rollout,), lambda world: {}),),
        state=lambda world: _rows(Rollout, RolloutCountry)(),
        ready=_rollout_running,
        hub=True,
    ),
    ("hub.releases", "rollout_resume"): Act(
        "releases.change_rollout",
        refused_posts=(Call("releases:rollout-resume", (_rollout,), lambda world: {}),),
        state=lambda world: _rows(Rollout, RolloutCountry)(),
        ready=_rollout_running,
        hub=True,
    ),
    # Extensions a country submitted: reviewed by the hub's administrators, each item checked, then
    # accepted into a release or returned; the country reads its own (another's is unknown to it).
    ("hub.extensions", "detail"): Act(
        "extensions.view_extension",
        (_page("extensions:detail", "extension"),),
        hub=True,
    ),
    ("hub.extensions", "review"): Act(
        "extensions.review_extension",
        posts=(Call("extensions:review", ("extension",), lambda world: {}),),
        state=lambda world: _rows(Extension, ExtensionCheck)(),
        hub=True,
    ),
    ("hub.extensions", "check"): Act(
        "extensions.review_extension",
        posts=(
            Call(
                "extensions:check",
                ("extension",),
                lambda world: {"item": ExtensionCheck.Item.TESTS, "verdict": "failed", "findings": "Failed"},
            ),
        ),
        state=lambda world: _rows(Extension, ExtensionCheck)(),
        ready=_under_review,
        hub=True,
    ),
    ("hub.extensions", "accept"): Act(
        "extensions.review_extension",
        posts=(Call("extensions:accept", ("extension",), _release_in_range),),
        state=lambda world: _rows(Extension)(),
        ready=_under_review,
        hub=True,
    ),
    ("hub.extensions", "return"): Act(
        "extensions.review_extension",
        posts=(Call("extensions:return", ("extension",), lambda world: {"reasons": "Tests missing"}),),
        state=lambda world: _rows(Extension)(),
        hub=True,
    ),
    ("settings.extensions", "detail"): Act(
        "extensions.submit_extension",
        (_page("extension_submissions:detail", _extension("kn")),),
        elsewhere=(_page("extension_submissions:detail", _extension("lc")),),
        ready=_ours_submitted,
    ),
    # What the hub asks of the country, as the country sees it: its catalogue, its requests for values,
    # the country's extensions submitted for review.
    ("indicators.indicator", "catalogue"): Act("indicators.view_indicator", (_page("indicators:catalogue"),)),
    ("indicators.observation", "hub_requests"): Act(
        "indicators.approve_observation", (_page("indicators:hub-requests"),)
    ),
    ("settings.extensions", "read"): Act(
        "extensions.submit_extension", (_page("extension_submissions:list"),)
    ),
}


def _in_kn(world: World, read: Callable[[], object]) -> object:
    with tenant_context(world.kn):
        return read()


def _provider_values(world: World, **changes) -> dict:
    provider = ServiceProvider.objects.get(pk=world.hub["provider"].pk)
    fields = ("name", "registration_number", "email", "accredited_from", "notes", "version")
    return {name: str(getattr(provider, name)) for name in fields} | changes


def _act_for(row: Row) -> Act | None:
    return ACTS.get((row.subject, row.action))


REGISTER_PROBES = {"read": _read, "create": _create, "edit": _edit, "export": _export}
PART_PROBES = {"read": _part_read, "create": _part_create, "edit": _part_edit}


@pytest.mark.parametrize(("row", "role"), PROBES)
def test_each_role_may_do_what_the_table_says_and_no_more(world, db, row, role):
    allowed, client = row.cell(role) == ALLOW, world.clients[role]
    if _act_for(row) is not None:
        _act(world, _act_for(row), client, allowed)
    elif row.hub:
        _hub(world, HUB_ACTIONS[(row.subject, row.action)], client, allowed)
    elif row.subject in SETTINGS:
        _configure(world, SETTINGS[row.subject], client, allowed)
    elif row.subject in PARTS:
        PART_PROBES[row.action](world, PARTS[row.subject], client, allowed)
    elif row.action == "transition":
        _transition(world, REGISTERS[row.subject], client, allowed, row.transition)
    elif row.action in CASE_ACTIONS:
        _case_action(world, REGISTERS[row.subject], client, allowed, row.action)
    elif (row.subject, row.action) in RECORD_ACTIONS:
        _record_action(world, REGISTERS[row.subject], client, allowed, row.action)
    elif row.action == "read" and issubclass(REGISTERS[row.subject].model, Case):
        _case_read(world, REGISTERS[row.subject], client, allowed)
    elif row.action == "personal":
        _personal(world, REGISTERS[row.subject], client, allowed)
    elif row.action == "answer":
        _answer(world, REGISTERS[row.subject], client, allowed)
    else:
        REGISTER_PROBES[row.action](world, REGISTERS[row.subject], client, allowed)


# The table against the grants, and against the registers there are ------------------------------------


def _permission(row: Row) -> str:
    """The Django permission an action of the table stands for."""
    if _act_for(row) is not None:
        return _act_for(row).permission
    if row.hub:
        return HUB_ACTIONS[(row.subject, row.action)].permission
    if row.subject in SETTINGS:
        return SETTINGS[row.subject].permission
    if row.subject in PARTS:
        return PARTS[row.subject].permission({"read": "view", "create": "add", "edit": "change"}[row.action])
    register = REGISTERS[row.subject]
    if row.action == "transition":
        workflow = shipped_workflow(register.model)
        return next(t.permission for t in workflow.transitions if t.name == row.transition)
    if row.action in CASE_ACTIONS:
        return register.pages.permission(CASE_ACTIONS[row.action].permission)
    if row.action in PERSONAL_ACTIONS:
        return PERSONAL_ACTIONS[row.action]
    if (row.subject, row.action) in RECORD_ACTIONS:
        return RECORD_ACTIONS[(row.subject, row.action)].permission
    return register.pages.permission(
        {"read": "view", "create": "add", "edit": "change", "export": "export"}[row.action]
    )


@pytest.mark.parametrize("row", [pytest.param(row, id=row.name) for row in ROWS])
def test_the_table_agrees_with_the_roles_grants(row):
    scope = Scope.HUB if row.hub else Scope.COUNTRY
    grants = role_grants(scope, installed_modules())
    permission = _permission(row)
    needed = {permission} if isinstance(permission, str) else set(permission)
    table = {role: row.cell(role) for role in grants}
    granted = {role: ALLOW if needed <= held else DENY for role, held in grants.items()}
    assert table == granted, f"{permission}: the table says {table}, the grants {granted}"
    others = COUNTRY_ROLES if row.hub else HUB_ROLES
    assert {row.cell(role) for role in others} == {NOT_HERE}, "roles of the other scope are marked -"


def test_every_register_action_and_settings_page_has_its_row():
    """Found, not listed: a new register (a module with RecordPages) fails here until it has its rows."""
    declared = [(row.subject, row.action) for row in ROWS]
    expected = (
        set(HUB_ACTIONS) | set(RECORD_ACTIONS) | set(ACTS) | {(subject, "configure") for subject in SETTINGS}
    )
    for label, register in REGISTERS.items():
        expected |= {(label, "read")}
        expected |= {(label, action) for action in ("create", "edit", "export") if action in register.urls}
        if issubclass(register.model, Case):
            expected |= {(label, action) for action in ("transition", *CASE_ACTIONS)}
        if personal_fields(register.model):
            expected |= {(label, action) for action in PERSONAL_ACTIONS}
    for label, part in PARTS.items():
        if label in PARTS_NOT_PROBED:
            continue
        expected |= {(label, "read")} if part.api else set()
        expected |= {(label, "create")} if "create" in part.urls or part.api else set()
        expected |= {(label, "edit")} if "edit" in part.urls or part.api_detail else set()
    assert len({row.name for row in ROWS}) == len(ROWS), "a row is declared twice"
    assert sorted(expected - set(declared)) == [], "rows missing from permissions.csv"
    assert sorted(set(declared) - expected) == [], "rows of permissions.csv for nothing there"
    assert all(
        row.action in ACTIONS or (row.subject, row.action) in RECORD_ACTIONS | ACTS.keys() for row in ROWS
    )
    assert all(act.hub == subject.startswith("hub.") for (subject, _action), act in ACTS.items())
    transitions = {(row.subject, _permission(row)) for row in ROWS if row.action == "transition"}
    for label, register in REGISTERS.items():
        if issubclass(register.model, Case):
            workflow = shipped_workflow(register.model)
            needed = {(label, t.permission) for t in workflow.transitions if not t.automatic}
            assert sorted(needed - transitions) == [], "a transition's permission is tried by no row"
    untried = sorted(set(REGISTERS) - set(FORMS) | set(REGISTERS) - set(EDITS))
    assert untried == [], "say in FORMS and EDITS what the form of these registers takes"
    # A part whose pages are the module's own (a round's responses) is tried by its ACTS.
    probed = set(PARTS) - set(PARTS_NOT_PROBED) - {subject for subject, _action in ACTS}
    untried = sorted(probed - set(PART_FORMS) | probed - set(PART_EDITS))
    assert untried == [], "say in PART_FORMS and PART_EDITS what the form of these parts takes"
    assert set(PARTS_NOT_PROBED) <= set(PARTS), "PARTS_NOT_PROBED names a part there is not"


@pytest.mark.parametrize(
    "row", [pytest.param(row, id=row.name) for row in ROWS if row.action == "transition"]
)
def test_each_transition_probed_is_one_a_person_takes(row):
    """A transition only a module's service takes (a vacancy filled) is refused to everyone through the
    case actions: the placements that take it are tried as the module's actions."""
    workflow = shipped_workflow(REGISTERS[row.subject].model)
    offered = [t.name for t in workflow.transitions if not t.automatic]
    assert row.transition in offered, f"{row.subject}: people take {offered}"


# Every route of a country: tried by a row above, or said why not --------------------------------------

# The case pages and API every case module shares, tried by the case rows (read, transition, CASE_ACTIONS).
CASE_ROUTES = {
    "casework:personal-data",
    "casework:personal-data-copy",
    "casework:personal-data-erase",
    "casework:document",
    "casework:document-add",
    "casework:letter",
    "casework:letter-add",
    "casework:note-add",
    "casework:transition",
    "casework:transition-fields",
    "casework:assign",
    "cases_api:transition",
    "cases_api:assign",
    "cases_api:events",
    "cases_api:documents",
    "cases_api:letters",
}
# Routes that are no role's action: signing in and one's own account, the public site, what every
# signed-in user has (each answers for the user alone, or shows only what their other rights allow).
NOT_ACTIONS = {
    "home": "the start page, its menu built from the user's permissions",
    "profile:show": "one's own profile",
    "profile:api_token": "one's own API token (tests/security/test_reauthentication.py)",
    "set_language": "one's own language",
    "language-choose": "one's own language",
    "api-me": "one's own account",
    "api-schema": "the API's description, the same for everyone",
    "api-docs": "the API's description, the same for everyone",
    "settings": "the index of the settings pages, each of which is a row",
    "help:index": "the user guides, public documentation (tests/test_help.py)",
    "help:guide": "the user guides, public documentation (tests/test_help.py)",
    "country-logo": "the public site's logo",
    "country-brand": "the public site's colours",
    "lmi-news:list": "the public site",
    "lmi-news:article": "the public site",
    "lmi:home": "the public site",
    "lmi:about": "the public site",
    "lmi:calendar": "the public site",
    "lmi:indicator": "the public site",
    "lmi:download": "the public site",
    "lmi:download-xlsx": "the public site",
    "indicators:upload": "one's own upload (submission_uploads_visible_to)",
    "indicators:upload-errors": "one's own upload (submission_uploads_visible_to)",
    "reports:list": "the index of the report tables, each listed only to whom it shows (rows reports.*)",
    **dict.fromkeys(
        (
            "reference:tables",
            "reference:table",
            "reference:search",
            "reference:code",
            "reference_api:tables",
            "reference_api:codes",
        ),
        "the code tables (ISCO, ISIC, districts...): read by every signed-in user, the forms' choices",
    ),
    "grievances:detail": "the case module of the case-work core's own tests (tests/casework_app)",
}
# Routes of actions no row tries yet: open work (docs/security.md, "Not proven yet"), not a claim.
NOT_PROBED: dict[str, str] = {}
# Signing in, out, and one's own password and second factor (tests/accounts).
OWN_ACCOUNT = ("account_", "mfa_")
# The Django admin's own machinery, in a country and at the hub: its sign-in is the platform's (it sends
# there), one's own password is tests/accounts', the rest serves the admin's pages tried by the rows.
ADMIN_NOT_ACTIONS = dict.fromkeys(
    (
        "admin:login",
        "admin:logout",
        "admin:password_change",
        "admin:password_change_done",
        "admin:jsi18n",
        "admin:autocomplete",
        "admin:view_on_site",
    ),
    "the Django admin's own sign-in, one's own password and its page machinery",
)
# The admin's pages no row tries yet: open work, not a claim.
ADMIN_NOT_PROBED: dict[str, str] = {}


def _claimed_routes() -> set[str]:
    """The routes the rows of the table try."""
    claimed = set(CASE_ROUTES)
    for register in REGISTERS.values():
        claimed |= {*register.urls.values(), register.api, register.api_detail}
    for label, part in PARTS.items():
        if label not in PARTS_NOT_PROBED:
            claimed |= {*part.urls.values(), part.api, part.api_detail}
    for action in RECORD_ACTIONS.values():
        claimed |= {action.page, action.api}
    claimed |= _act_routes(hub=False)
    for setting in SETTINGS.values():
        paths = (
            setting.page,
            setting.post and setting.post[0],
            setting.api,
            setting.api_change and setting.api_change[1],
        )
        claimed |= {_route_name(path) for path in paths if path}
    return claimed - {""}


def _act_routes(*, hub: bool) -> set[str]:
    """The routes the actions of ACTS try, at the hub or in a country."""
    return {
        call.route
        for act in ACTS.values()
        if act.hub == hub
        for call in (*act.pages, *act.posts, *act.refused_posts, *act.elsewhere, *act.then)
    }


def _route_name(path: str) -> str:
    match = resolve(path, urlconf="clmis.urls.country")
    return ":".join([*match.namespaces, match.url_name])


def test_every_route_of_a_country_is_tried_or_said_why_not():
    """A page or endpoint added to the product fails here until a row tries it or it is said why none
    does; and a route said untried that a row tries (or that is gone) fails too."""
    routes = {name for name, _callback in _country_patterns() if not name.startswith(OWN_ACCOUNT)}
    claimed = _claimed_routes()
    said = set(NOT_ACTIONS) | set(NOT_PROBED) | set(ADMIN_NOT_ACTIONS) | set(ADMIN_NOT_PROBED)
    untried = sorted(routes - claimed - said)
    assert untried == [], f"routes no row tries: add rows, or say why in NOT_*: {untried}"
    assert sorted(said & claimed) == [], f"routes said untried that rows try: {sorted(said & claimed)}"
    assert sorted(said - routes) == [], f"routes said untried that are not there: {sorted(said - routes)}"


# The hub's routes likewise: a console page or hub action added fails until a row tries it or says why not.
HUB_NOT_ACTIONS = {
    "home": "the start page",
    "profile:show": "one's own profile",
    "profile:api_token": "one's own API token",
    "set_language": "one's own language",
    "language-choose": "one's own language",
    "api-me": "one's own account",
    "api-schema": "the API's description",
    "api-docs": "the API's description",
    "help:index": "the user guides, public documentation (tests/test_help.py)",
    "help:guide": "the user guides, public documentation (tests/test_help.py)",
    **dict.fromkeys(
        (
            "regional:home",
            "regional:explore",
            "regional:country",
            "regional:methodology",
            "regional:methodology-detail",
            "api-open-indicators",
            "api-open-countries",
            "api-open-values",
            "sdmx:data",
            "sdmx:structure",
            "sdmx:unknown",
        ),
        "the regional public site and open data",
    ),
}
HUB_NOT_PROBED: dict[str, str] = {}


def _hub_patterns() -> set[str]:
    names = set()

    def walk(patterns, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, namespace + (f"{pattern.namespace}:" if pattern.namespace else ""))
            elif pattern.name:
                names.add(namespace + pattern.name)

    walk(get_resolver("clmis.urls.hub").url_patterns, "")
    return names


def test_every_route_of_the_hub_is_tried_or_said_why_not():
    routes = {name for name in _hub_patterns() if not name.startswith(OWN_ACCOUNT)}
    claimed = _act_routes(hub=True)
    for action in HUB_ACTIONS.values():
        for path in (*action.pages, *(page for page, _values, _type in action.refused)):
            match = resolve(path, urlconf="clmis.urls.hub")
            claimed.add(":".join([*match.namespaces, match.url_name]))
    admin = set(ADMIN_NOT_ACTIONS) | set(ADMIN_NOT_PROBED)
    said = set(HUB_NOT_ACTIONS) | set(HUB_NOT_PROBED) | admin & routes
    untried = sorted(routes - claimed - said)
    assert untried == [], f"hub routes no row tries: add rows, or say why in HUB_NOT_*: {untried}"
    assert sorted(said & claimed) == [], f"hub routes said untried that rows try: {sorted(said & claimed)}"
    assert sorted(said - routes) == [], f"hub routes said untried that are not there: {sorted(said - routes)}"
