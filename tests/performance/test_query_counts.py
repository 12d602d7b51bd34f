"""How many SQL statements the main pages and endpoints cost: the same for a page of 2 rows as for a page
of 12 (no statement per row), the same for a record with few parts as for one with many, no statement
run three times in one request, and no more than the bound recorded below, so that one more statement
is a visible change to this file. Counts, not timings: they do not vary with the machine.

The country's endpoints are found in the URL configuration, not listed by hand: every list of its API
(a DRF list view at a path without parameters) with the detail of the same model, and every list page
of a register ("list", "<part>-list") with its record page ("detail", "<part>-detail"). A new module's
endpoints are measured as soon as it is installed, and fail until their bound is recorded here. The
public pages of a country's LMI site and of the hub (open data API, explorer) are measured with nothing
cached, as the first visitor after a change finds them.

The rows are the modules' own demo records (clmis demo load), loaded once into kn for this file and
rolled back after it: assigned officers, employers, codes, parts and many-to-many links, as in use.
"""

import datetime
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import Model
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tenants.utils import tenant_context
from rest_framework.mixins import ListModelMixin, RetrieveModelMixin

from clmis.memo import forget_all_in_process
from modules.custom_fields.demo import custom_fields_demo
from modules.farm_programme.services import round_save as farm_round_save
from modules.indicators.demo import indicators_demo
from modules.labels.services import label_save, target_keys
from modules.news.demo import news_demo
from modules.news.models import Article
from modules.news.services import article_publish, article_save
from modules.reference.selectors import code_lookup
from modules.registry import installed_modules, modules_in_dependency_order
from modules.vacancy_surveys.services import round_save as survey_round_save
from regional_hub.facts.collection import facts_collect
from tenants.models import ModuleEnablement
from tenants.selectors import modules_enabled_in
from tenants.services import country_roles_sync
from tests.support import client_for, sign_in, user_in

COUNTRY_URLS = "clmis.urls.country"
HUB_URLS = "clmis.urls.hub"
FEW, MANY = 2, 12
# How many records of each kind a record page is read for.
RECORDS = 6
# As many runs of one statement in one request, with other values, are taken for one per row or part.
REPEATS = 3
# Roles tried in turn for a page: the first one allowed to see it is measured.
ROLES = ("commissioner", "lmis_admin", "statistician")

# The most statements each endpoint costs today (a page of 12 rows, or the dearest of its records).
# A change here is a change in what a page costs: say why in the commit.
BOUNDS: dict[str, int] = {
    # The country's API: a page of 12 rows, or one record.
    "accidents-api:detail": 6,
    "accidents-api:list": 7,
    "complaints-api:detail": 6,
    "complaints-api:list": 7,
    "custom_fields_api:detail": 7,
    "custom_fields_api:list": 8,
    "disputes-api:detail": 7,
    "disputes-api:list": 8,
    "employers-api:detail": 6,
    "employers-api:list": 7,
    "farm_programme-api:detail": 6,
    "farm_programme-api:list": 7,
    "farm_programme-api:round": 7,
    "farm_programme-api:rounds": 9,
    "indicators_api:agency-detail": 7,
    "indicators_api:agency-list": 8,
    "indicators_api:detail": 7,
    "indicators_api:list": 8,
    "industrial_actions-api:detail": 6,
    "industrial_actions-api:list": 7,
    "inspections-api:detail": 7,
    "inspections-api:list": 8,
    "job_seekers-api:detail": 12,
    "job_seekers-api:list": 13,
    "letter_settings_api:list": 7,
    "matching-api:detail": 6,
    "matching-api:list": 7,
    "migrant_assistance-api:detail": 6,
    "migrant_assistance-api:list": 7,
    "monitoring-api:detail": 6,
    "monitoring-api:list": 7,
    "numbering_settings_api:list": 8,
    "redundancies-api:detail": 6,
    "redundancies-api:list": 7,
    "reference_api:tables": 5,
    "training_programmes-api:detail": 6,
    "training_programmes-api:list": 7,
    "unions-api:detail": 7,
    "unions-api:list": 8,
    "vacancies-api:detail": 8,
    "vacancies-api:list": 9,
    "vacancies-api:work-request": 7,
    "vacancies-api:work-requests": 8,
    "vacancy_surveys-api:detail": 6,
    "vacancy_surveys-api:list": 7,
    "work_permits-api:detail": 6,
    "work_permits-api:list": 7,
    "workplaces-api:detail": 6,
    "workplaces-api:list": 7,
    # The register pages: a list page of 12 rows, or one record's page.
    "accidents:detail": 14,
    "accidents:list": 10,
    "complaints:detail": 14,
    "complaints:list": 9,
    "custom_fields:detail": 10,
    "custom_fields:list": 10,
    "disputes:detail": 15,
    "disputes:list": 10,
    "employers:detail": 9,
    "employers:list": 9,
    "extension_submissions:list": 9,
    "farm_programme:detail": 14,
    "farm_programme:list": 10,
    "farm_programme:round-detail": 8,
    "farm_programme:round-list": 7,
    "indicators:agency-detail": 13,
    "indicators:agency-list": 10,
    "indicators:detail": 12,
    "indicators:list": 11,
    "indicators:release-list": 9,
    "industrial_actions:detail": 13,
    "industrial_actions:list": 9,
    "inspections:detail": 21,
    "inspections:list": 9,
    "job_seekers:detail": 22,
    "job_seekers:list": 10,
    "labels:detail": 10,
    "labels:list": 10,
    "letter_settings:list": 9,
    "matching:detail": 12,
    "matching:list": 8,
    "migrant_assistance:detail": 14,
    "migrant_assistance:list": 10,
    "monitoring:detail": 7,
    "monitoring:list": 9,
    "news:detail": 10,
    "news:list": 10,
    "numbering_settings:list": 10,
    "redundancies:detail": 14,
    "redundancies:list": 10,
    "reports:list": 5,
    "training_programmes:detail": 8,
    "training_programmes:list": 8,
    "unions:detail": 8,
    "unions:list": 10,
    "vacancies:detail": 15,
    "vacancies:list": 11,
    "vacancies:work-request-detail": 15,
    "vacancies:work-request-list": 8,
    "vacancy_surveys:detail": 16,
    "vacancy_surveys:list": 7,
    "work_permits:detail": 15,
    "work_permits:list": 8,
    "workflows:detail": 12,
    "workflows:list": 9,
    "workplaces:detail": 7,
    "workplaces:list": 9,
    # The public pages of a country and of the hub.
    "lmi-news:article": 2,
    "lmi-news:list": 7,
    "lmi:about": 5,
    "lmi:calendar": 2,
    "lmi:home": 4,
    "lmi:indicator": 7,
    "regional:country": 4,
    "regional:explore": 2,
    "regional:explore an indicator": 7,
    "regional:home": 4,
    "regional:methodology": 2,
    "regional:methodology-detail": 3,
    # The hub's open data API: a page of 12 rows.
    "api-open-countries": 2,
    "api-open-indicators": 3,
    "api-open-values": 2,
}


@dataclass(frozen=True)
class Endpoint:
    name: str  # namespace:name
    route: str
    model: type[Model] | None = None


def _patterns(patterns: list, route: str = "", namespace: str = "") -> Iterator[tuple[str, str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, (namespace, pattern.namespace)))
            yield from _patterns(pattern.url_patterns, route + str(pattern.pattern), inner)
        elif pattern.name:
            yield route + str(pattern.pattern), ":".join(filter(None, (namespace, pattern.name))), pattern


def _model_of(view_class: type) -> type[Model] | None:
    serializer = getattr(view_class, "serializer_class", None)
    meta = getattr(serializer, "Meta", None)
    return getattr(meta, "model", None)


def api_endpoints() -> tuple[list[Endpoint], list[Endpoint]]:
    """The country API's lists (no parameter in the path) and the details of the same models (`<int:pk>/`)."""
    lists, details = [], []
    for route, name, pattern in _patterns(get_resolver(COUNTRY_URLS).url_patterns):
        view_class = getattr(pattern.callback, "cls", None)
        if not route.startswith("api/") or view_class is None:
            continue
        if issubclass(view_class, ListModelMixin) and "<" not in route:
            lists.append(Endpoint(name, route, _model_of(view_class)))
        elif issubclass(view_class, RetrieveModelMixin) and re.fullmatch(r"[^<]*<int:pk>/", route):
            details.append(Endpoint(name, route, _model_of(view_class)))
    listed = {endpoint.model for endpoint in lists}
    return lists, [endpoint for endpoint in details if endpoint.model in listed]


def page_endpoints() -> list[tuple[Endpoint, Endpoint | None]]:
    """The register pages: each list page with the record page of the same kind, if it has one."""
    found = {name: route for route, name, _pattern in _patterns(get_resolver(COUNTRY_URLS).url_patterns)}
    pairs = []
    for name, route in sorted(found.items()):
        namespace, _colon, short = name.rpartition(":")
        if route.startswith("api/") or "<" in route or not (short == "list" or short.endswith("-list")):
            continue
        detail = f"{namespace}:{short.removesuffix('list')}detail"
        pairs.append((Endpoint(name, route), Endpoint(detail, found[detail]) if detail in found else None))
    return pairs


API_LISTS, API_DETAILS = api_endpoints()
PAGES = page_endpoints()


def _shape(sql: str) -> str:
    """A statement without its values: the same query for another row reads the same."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\bIN \([^)]*\)", "IN (...)", sql)
    sql = re.sub(r'"s\d+_x\d+"', "savepoint", sql)
    return re.sub(r"\b\d+\b", "?", sql)


def statements(client: Client, url: str, *, cold: bool = False) -> list[str]:
    """The statements one request runs; `cold`: with nothing cached, as the first visitor after a
    change finds the public pages (a visitor served from the cache costs none)."""
    if cold:
        cache.clear()
        forget_all_in_process()
    with CaptureQueriesContext(connection) as captured:
        answer = client.get(url)
    assert answer.status_code == 200, f"{url} answered {answer.status_code}"
    return [query["sql"] for query in captured.captured_queries]


def repeated(more: list[str], fewer: list[str]) -> str:
    """The statements `more` runs more often than `fewer`, most repeated first."""
    grown = Counter(map(_shape, more)) - Counter(map(_shape, fewer))
    return "\n".join(f"{times} more times: {sql}" for sql, times in grown.most_common(5))


def assert_flat(name: str, few: list[str], many: list[str]) -> None:
    assert len(many) <= len(few), (
        f"{name}: {len(few)} statements for {FEW} rows, {len(many)} for {MANY}:\n{repeated(many, few)}"
    )


def assert_no_statement_per_row(name: str, measured: list[str]) -> None:
    """No statement runs REPEATS times or more in one request with other values: where the rows measured
    happen to hold the same number of parts, a statement per part shows only this way."""
    shapes = Counter(shape for shape in map(_shape, measured) if "IN (...)" not in shape)
    repeats = {sql: times for sql, times in shapes.items() if times >= REPEATS}
    assert not repeats, f"{name} runs a statement per row or part:\n" + "\n".join(
        f"{times} times: {sql}" for sql, times in repeats.items()
    )


def assert_within_bound(name: str, measured: list[str]) -> None:
    assert_no_statement_per_row(name, measured)
    bound = BOUNDS.get(name)
    assert bound is not None, f"{name} costs {len(measured)} statements: record its bound in BOUNDS"
    assert len(measured) <= bound, f"{name}: {len(measured)} statements, {bound} recorded:\n" + "\n".join(
        map(_shape, measured)
    )


@pytest.fixture(scope="module")
def registers(countries, django_db_blocker) -> Iterator[None]:
    """kn with every enabled module's demo records, its published figures and news, and the hub with
    what it collects from them; all rolled back after this file's tests."""
    kn = countries["kn"]
    with django_db_blocker.unblock(), transaction.atomic():
        for config in installed_modules():  # a module a country may choose not to enable is measured too
            ModuleEnablement.objects.get_or_create(
                country=kn, module=config.manifest.key, defaults={"enabled_by": "system"}
            )
        country_roles_sync(kn)
        with tenant_context(kn):
            for config in modules_in_dependency_order(modules_enabled_in(kn)):
                if config.manifest.demo:
                    import_string(config.manifest.demo)(kn)
            custom_fields_demo(kn)
            for target in sorted(target_keys())[:MANY]:  # the country's own wording of some fields
                label_save(
                    values={"target": target, "language": "en", "text": "Own wording"}, version=None, by=None
                )
            _rounds_more(MANY)
            indicators_demo(kn)
            news_demo(kn)
            for number in range(MANY):  # the demo has one article: the news pages need more to compare
                values = {"title": f"Labour market note {number}", "kind": Article.Kind.NEWS, "body": "Note."}
                article = article_save(values=values, version=None, by=None)
                article_publish(article=article, publish_at=timezone.now(), version=article.version, by=None)
            facts_collect(full=True)
        yield
        transaction.set_rollback(True)
        connection.set_schema_to_public()


def _rounds_more(count: int) -> None:
    """Past recruitment and survey rounds: the demo has two of each, too few for a page to compare."""
    canada, first = code_lookup("iso3166", "CA"), datetime.date(2000, 1, 1)
    for number in range(count):
        opens = first.replace(year=2000 + number)
        values = {"season": opens.year, "destination": canada, "programme": "SAWP", "opens_on": opens}
        values |= {"closes_on": opens + datetime.timedelta(days=60), "places": 10, "currency": "CAD"}
        farm_round_save(values=values, version=None, by=None)
        values = {"title": f"Survey {opens.year}", "reference_date": opens, "opens_on": opens}
        values |= {"closes_on": opens + datetime.timedelta(days=30)}
        survey_round_save(values=values, version=None, by=None)


@pytest.fixture(scope="module")
def clients(registers, countries, django_db_blocker) -> dict[str, Client]:
    with django_db_blocker.unblock():
        with tenant_context(countries["kn"]):
            for role in ROLES:  # privileged roles see nothing without a second factor
                TOTP.activate(user_in(countries["kn"], role), generate_totp_secret())
        return {role: sign_in(client_for("kn.localhost"), countries["kn"], role) for role in ROLES}


def client_allowed(clients: dict[str, Client], url: str) -> Client:
    for role in ROLES:
        if clients[role].get(url).status_code == 200:
            return clients[role]
    pytest.fail(f"{url}: none of {', '.join(ROLES)} may see it")


def _url(route: str, **values: object) -> str:
    for name, value in values.items():
        route = re.sub(rf"<(?:\w+:)?{name}>", str(value), route)
    return "/" + route


@pytest.mark.parametrize("endpoint", API_LISTS, ids=lambda endpoint: endpoint.name)
def test_an_api_list_costs_the_same_for_few_rows_as_for_many(clients, db, endpoint):
    url = _url(endpoint.route)
    client = client_allowed(clients, f"{url}?page_size={MANY}")
    few = statements(client, f"{url}?page_size={FEW}")
    many = statements(client, f"{url}?page_size={MANY}")
    assert_flat(endpoint.name, few, many)
    assert_within_bound(endpoint.name, many)


@pytest.mark.parametrize("endpoint", API_DETAILS, ids=lambda endpoint: endpoint.name)
def test_an_api_detail_costs_the_same_for_every_record(clients, db, endpoint):
    listed = _url(next(each for each in API_LISTS if each.model is endpoint.model).route)
    client = client_allowed(clients, f"{listed}?page_size={MANY}")
    rows = client.get(f"{listed}?page_size={MANY}").json()["results"][:RECORDS]
    assert_same_for_every_record(endpoint, client, [_url(endpoint.route, pk=row["id"]) for row in rows])


def assert_same_for_every_record(
    endpoint: Endpoint, client: Client, urls: list[str], *, cold: bool = False
) -> None:
    """No statement runs more often for one record than for another: none runs once per part."""
    if not urls:
        pytest.skip(f"{endpoint.name}: no record to read")
    client.get(urls[0])
    measured = [statements(client, url, cold=cold) for url in urls]
    cheapest = min(measured, key=len)
    for url, each in zip(urls, measured, strict=True):
        grown = Counter(map(_shape, each)) - Counter(map(_shape, cheapest))
        # A statement reading many rows at once (IN (...)) is a prefetch: one a relation, whatever the parts.
        per_part = {
            sql: times
            for sql, times in grown.items()
            if Counter(map(_shape, each))[sql] > 1 and "IN (...)" not in sql
        }
        assert not per_part, f"{url} repeats statements another record runs fewer times:\n" + "\n".join(
            f"{times} more times: {sql}" for sql, times in per_part.items()
        )
    assert_within_bound(endpoint.name, max(measured, key=len))


def _paged(size: int) -> Callable[..., Paginator]:
    return lambda rows, _size: Paginator(rows, size)


@pytest.mark.parametrize("pair", PAGES, ids=lambda pair: pair[0].name)
def test_a_list_page_costs_the_same_for_few_rows_as_for_many(clients, db, monkeypatch, pair):
    endpoint, _detail = pair
    url = _url(endpoint.route)
    client = client_allowed(clients, url)
    monkeypatch.setattr("clmis.records.listing.Paginator", _paged(FEW))
    few = statements(client, url)
    monkeypatch.setattr("clmis.records.listing.Paginator", _paged(MANY))
    many = statements(client, url)
    assert_flat(endpoint.name, few, many)
    assert_within_bound(endpoint.name, many)


@pytest.mark.parametrize("pair", [pair for pair in PAGES if pair[1]], ids=lambda pair: pair[1].name)
def test_a_record_page_costs_the_same_for_every_record(clients, db, monkeypatch, pair):
    listed, endpoint = pair
    client = client_allowed(clients, _url(listed.route))
    monkeypatch.setattr("clmis.records.listing.Paginator", _paged(MANY))
    assert_same_for_every_record(endpoint, client, links_to(client, _url(listed.route), endpoint.name))


def links_to(client: Client, url: str, view_name: str, urlconf: str = COUNTRY_URLS) -> list[str]:
    """The links of a page to pages of that view (the records a list shows, the figures of a home page)."""
    links = []
    for link in dict.fromkeys(re.findall(r'href="(/[^"#]*)"', client.get(url).content.decode())):
        link = link.replace("&amp;", "&")
        try:
            match = resolve(link.partition("?")[0], urlconf=urlconf)
        except Resolver404:
            continue
        if match.view_name == view_name:
            links.append(link)
    return links[:RECORDS]


def _hub_routes(prefix: str) -> list[tuple[str, str]]:
    return [
        (name, route)
        for route, name, _pattern in _patterns(get_resolver(HUB_URLS).url_patterns)
        if route.startswith(prefix) and "<" not in route
    ]


@pytest.mark.parametrize(("name", "route"), _hub_routes("api/v1/open/"), ids=lambda value: value)
def test_an_open_data_list_costs_the_same_for_few_rows_as_for_many(registers, db, name, route):
    visitor = client_for("localhost")
    visitor.get(f"/{route}?page_size={MANY}")
    few = statements(visitor, f"/{route}?page_size={FEW}", cold=True)
    many = statements(visitor, f"/{route}?page_size={MANY}", cold=True)
    assert_flat(name, few, many)
    assert_within_bound(name, many)


# The public pages without a record of their own: (host, view name, address).
PUBLIC_PAGES = (
    ("kn.localhost", "lmi:home", "/lmi/"),
    ("kn.localhost", "lmi:about", "/lmi/about/"),
    ("kn.localhost", "lmi:calendar", "/lmi/calendar/"),
    ("localhost", "regional:home", "/data/"),
    ("localhost", "regional:explore", "/data/explore/"),
    ("localhost", "regional:methodology", "/data/methodology/"),
)


@pytest.mark.parametrize(("host", "name", "url"), PUBLIC_PAGES, ids=[page[1] for page in PUBLIC_PAGES])
def test_a_public_page_costs_no_more_than_its_bound(registers, db, host, name, url):
    visitor = client_for(host)
    visitor.get(url)
    assert_within_bound(name, statements(visitor, url, cold=True))


# The public pages of one figure, article or country, found as links on a page: (host, page, view name,
# name in BOUNDS).
PUBLIC_RECORDS = (
    ("kn.localhost", "/lmi/", "lmi:indicator", "lmi:indicator"),
    ("kn.localhost", "/lmi/news/", "lmi-news:article", "lmi-news:article"),
    ("localhost", "/data/", "regional:country", "regional:country"),
    ("localhost", "/data/", "regional:explore", "regional:explore an indicator"),
    ("localhost", "/data/methodology/", "regional:methodology-detail", "regional:methodology-detail"),
)


@pytest.mark.parametrize(
    ("host", "page", "view_name", "name"), PUBLIC_RECORDS, ids=[page[3] for page in PUBLIC_RECORDS]
)
def test_a_public_record_page_costs_the_same_for_every_record(registers, db, host, page, view_name, name):
    visitor = client_for(host)
    urlconf = HUB_URLS if host == "localhost" else COUNTRY_URLS
    urls = links_to(visitor, page, view_name, urlconf)
    if view_name == "regional:explore":  # the explorer's links differ by their query, not their path
        urls = [url for url in urls if "?" in url]
    assert_same_for_every_record(Endpoint(name, page), visitor, urls, cold=True)


def test_every_bound_recorded_is_of_an_endpoint_measured_here():
    """A bound left behind by an endpoint that is gone (or renamed) would hide the new name's cost."""
    measured = {
        *(endpoint.name for endpoint in (*API_LISTS, *API_DETAILS)),
        *(endpoint.name for pair in PAGES for endpoint in pair if endpoint),
        *(name for name, _route in _hub_routes("api/v1/open/")),
        *(name for _host, name, _url in PUBLIC_PAGES),
        *(name for *_page, name in PUBLIC_RECORDS),
    }
    assert set(BOUNDS) - measured == set()
