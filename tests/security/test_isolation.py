"""Nothing of one country is read or changed from another (ARCHITECTURE §7, "Isolation first").

kn is the country trying; lc the one tried. kn's user holds every country role, is a superuser and has
two-factor authentication set up, so no permission or MFA check stops a request before the lookup it
is meant to try. lc gets a made-up row of every model it owns, each with an id no schema gives and
marker words in every text field (tests.security.isolation_support).

The walk covers every URL pattern of the country URLconf and every operation of the country's OpenAPI
schema, found at run time: a new page or endpoint is walked without editing this file, and one that
cannot be walked fails the test until it is (or it is added to NOT_WALKED with the reason).
"""

import json
import re
import time
import uuid
from collections import Counter
from urllib.parse import urlsplit

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context

from clmis.accounts.roles import Scope, roles_for_scope
from clmis.accounts.services import api_token_issue, user_create
from clmis.celery import app
from modules.casework.services import case_document_add
from modules.complaints.models import Complaint
from modules.country_settings.services import country_settings_save
from modules.indicators.models import Agency
from modules.indicators.services import agency_member_add, agency_save
from modules.indicators.tasks import indicators_compute_period
from modules.indicators.views import compute_progress_url
from modules.registry import installed_modules
from regional_hub.data_requests.models import DataRequest
from tenants.models import Country, ModuleEnablement
from tenants.routing import forget_routes
from tenants.services import country_status_set
from tests.security.isolation_support import (
    Answer,
    CountryRows,
    api_operations,
    ask,
    bindings_for,
    routes_of,
    schema_checksum,
)
from tests.support import PASSWORD, client_for, sign_in, user_in

HOME, ABROAD = "kn.localhost", "lc.localhost"
# A request refused: not found, forbidden, or not a method the route takes (answered before any lookup).
REFUSED = {403, 404, 405}

# Routes with arguments the walk does not fill with lc's rows, and why; each is tried by a test below
# or names nothing a country owns. The walk fails when this list and what it could not fill differ.
NOT_WALKED = {
    "account_confirm_email": "an e-mail confirmation key, not a row (mail confirmation is off)",
    "account_reset_password_from_key": "a password-reset key: test_a_reset_link_works_only_where_made",
    "indicators:compute-progress": "a Celery task id: test_a_computation_is_followed_only_in_its_country",
    "indicators:submit-errors": "the report of a file just refused, kept in the submitter's own session; "
    "the indicator is tried by indicators:submit-upload, through the same lookup",
    "casework:transition-fields": "the case is tried by casework:transition; <action> names a transition",
    "reports:show": "<key> names a report table of the code; what it counts is the country's own",
    "help:guide": "<key> names a user guide, a file of docs/guide, the same in every country",
    "admin:accounts_user_simple_history": "a user's history row: tried by admin:accounts_user_history",
    "admin:app_list": "<app_label> names an app of the admin, not a row",
    "admin/(?P<url>.*)$": "the admin's catch-all: any other path under /admin/",
    "admin:view_on_site": "no model of the country's admin (users, roles) has a page on the site",
    "admin/accounts/user/<path:object_id>/": "redirects to .../change/ without a lookup; that is walked",
    "admin/auth/group/<path:object_id>/": "redirects to .../change/ without a lookup; that is walked",
    "admin/audit/export/<path:object_id>/": "redirects to .../change/ without a lookup; that is walked",
    "admin:audit_export_delete": "the log of exports is never deleted: 403 before any lookup, for every id",
    "admin/personal_data/erasure/<path:object_id>/": "redirects to .../change/ without a lookup",
    "admin/personal_data/retentionrule/<path:object_id>/": "redirects to .../change/ without a lookup",
    "admin:personal_data_erasure_delete": "the log of erasures is never deleted: 403 before any lookup",
}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def every_module(kn, lc):
    """Every installed module enabled in both countries (a disabled one answers 404 before any lookup),
    contributed ones too: whether the hub accepted them is no concern of isolation."""
    with schema_context(get_public_schema_name()):
        for country in (kn, lc):
            for config in installed_modules():
                ModuleEnablement.objects.get_or_create(country=country, module=config.manifest.key)
    forget_routes()


def _strongest_user(country, username: str, agency=None):
    """A user of the country holding every country role, superuser, with two-factor authentication,
    submitting for one of the country's partner agencies (submission pages look in its indicators)."""
    with tenant_context(country):
        user = user_create(
            username=username,
            email=f"{username}@example.org",
            password=PASSWORD,
            roles=[role.key for role in roles_for_scope(Scope.COUNTRY)],
        )
        user.is_superuser = user.is_staff = True
        user.save(update_fields=["is_superuser", "is_staff"])
        TOTP.activate(user, generate_totp_secret())
        agency = agency or agency_save(
            values={"name": f"{username}'s agency", "kind": "statistics"}, version=None, by=None
        )
        agency_member_add(agency=agency, user=user, by=None)
        return user


@pytest.fixture
def intruder(kn):
    """kn's strongest user, signed in on kn's site."""
    _strongest_user(kn, "intruder")
    return sign_in(client_for(HOME), kn, "intruder")


@pytest.fixture
def rows(lc, kn, media, every_module) -> CountryRows:
    """A made-up row of every model lc owns, its indicator published, submitted by its agency."""
    made = CountryRows(lc)
    made.every_row()
    return made


@pytest.fixture
def owner(lc, rows):
    """lc's strongest user, signed in on lc's site, submitting for lc's made-up agency: shows what a
    route does with lc's rows at home."""
    _strongest_user(lc, "owner", agency=rows.of(Agency))
    return sign_in(client_for(ABROAD), lc, "owner")


def test_no_page_or_endpoint_of_kn_reads_or_changes_lcs_rows(kn, lc, rows, intruder, owner, tmp_path_factory):
    started = time.monotonic()
    routes = routes_of(settings.ROOT_URLCONF)
    schema = intruder.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operations = api_operations(schema, settings.ROOT_URLCONF)
    unknown = set(operations) - {route.route for route in routes}
    assert not unknown, f"Operations of the schema the URLconf walk did not find: {sorted(unknown)}"

    bound, not_walked = _rows_lc_finds(routes, operations, rows, owner)
    assert set(not_walked) == set(NOT_WALKED), (
        "Routes not walked with lc's rows differ from NOT_WALKED: "
        + json.dumps({name: tried for name, tried in not_walked.items() if name not in NOT_WALKED}, indent=1)
        + f"\nno longer unwalked: {sorted(set(NOT_WALKED) - set(not_walked))}"
    )
    walked = [route for route in routes if not route.kwargs or route in bound]

    before = {schema_name: schema_checksum(schema_name) for schema_name in ("lc", "public")}
    home = _walk_at_home(walked, bound, operations, rows, intruder)
    abroad = _walk_abroad(walked, bound, operations, kn, intruder)
    after = {schema_name: schema_checksum(schema_name) for schema_name in ("lc", "public")}
    changed = [
        f"{schema_name}.{table} changed by kn's requests"
        for schema_name, tables in before.items()
        for table, digest in tables.items()
        if after[schema_name][table] != digest
    ]

    leaks = home["leaks"] + abroad["leaks"] + changed
    report = {
        "routes": len(routes),
        "routes_with_arguments": sum(1 for route in routes if route.kwargs),
        "routes_walked_with_lcs_rows": len(bound),
        "routes_not_walked": NOT_WALKED,
        "api_operations": sum(len(methods) for methods in operations.values()),
        "api_operations_walked": sum(len(operations.get(route.route, [])) for route in walked),
        "models_made_up_in_lc": len(rows.made),
        "requests": {"kn_at_home": home["requests"], **abroad["requests"]},
        "answers_at_home": home["answers"],
        "crashes_at_home": home["crashes"],
        "leaks": leaks,
        "seconds": round(time.monotonic() - started, 1),
    }
    path = tmp_path_factory.getbasetemp() / "isolation-report.json"
    path.write_text(json.dumps(report, indent=1))
    summary = {key: value for key, value in report.items() if key != "routes_not_walked"}
    print(f"\nisolation walk ({path}): {json.dumps(summary)}")
    assert leaks == []
    # A crash would hide whether lc's row was found; and no page of kn may crash for its administrator.
    assert home["crashes"] == []
    # The walk still finds what it should: most routes with arguments, most operations.
    assert report["routes_walked_with_lcs_rows"] > 0.5 * report["routes_with_arguments"]
    assert report["api_operations_walked"] > 0.5 * report["api_operations"]


def _rows_lc_finds(routes, operations, rows: CountryRows, owner) -> tuple[dict, dict]:
    """For each route with arguments, the first way of filling it with lc's rows that lc's own site
    tells from a row nobody has (another answer, or lc's data shown): then kn's answers about it mean
    something. A route taking POST only is asked with POST (its endpoint's example body), nothing kept."""
    bound, not_walked = {}, {}
    # lc's pages all show some of its markers (its site's name): its rows' are the others.
    everywhere = set(_shown(rows, ask(owner, "GET", "/no-such-page/"), {}))
    for route in (route for route in routes if route.kwargs):
        tried, nobodys = [], {}
        for binding in bindings_for(route, rows):
            mine = _ask_as_lc_would(owner, route, operations, binding.values)
            nobody_url = route.url(rows.nobody(binding.values))
            if nobody_url not in nobodys:
                nobodys[nobody_url] = _ask_as_lc_would(owner, route, operations, rows.nobody(binding.values))
            nobody = nobodys[nobody_url]
            tried.append(f"{binding.model._meta.label}: {mine.status or mine.error}, none: {nobody.status}")
            told = not _alike(mine, binding.values, nobody, rows.nobody(binding.values))
            shown = set(_shown(rows, mine, binding.values)) - everywhere
            if mine.status is not None and (told or shown):
                bound[route] = binding
                break
        else:
            not_walked[route.name or route.route] = tried or ["no row of lc fills it in"]
    return bound, not_walked


def _ask_as_lc_would(owner, route, operations, values) -> Answer:
    methods = operations.get(route.route, {"GET": None, "POST": None})
    method = "GET" if "GET" in methods else next(iter(methods))
    answer = ask(owner, method, route.url(values), body=methods.get(method), keep=False)
    if answer.status == 405 and method == "GET":
        answer = ask(owner, "POST", route.url(values), body=methods.get("POST"), keep=False)
    return answer


def _walk_at_home(walked, bound, operations, rows: CountryRows, intruder) -> dict:
    """kn's user on kn's site, every route filled with lc's rows: every method the schema gives an
    endpoint, GET and POST for the other routes with arguments, GET for those without."""
    leaks, crashes, answers = [], [], Counter()
    for route in walked:
        binding = bound.get(route)
        values = binding.values if binding else {}
        url = route.url(values)
        methods = operations.get(route.route) or dict.fromkeys(["GET", "POST"] if binding else ["GET"])
        for method, body in methods.items():
            answer = ask(intruder, method, url, body=body)
            answers[str(answer.status or "crash")] += 1
            if answer.error:
                crashes.append({"route": route.label, "request": f"{method} {url}", "error": answer.error})
                continue
            for leak in _leaks(route, method, body, values, answer, binding, rows, intruder):
                leaks.append(f"{method} {url} ({route.label}) on kn: {leak}")
    return {"leaks": leaks, "crashes": crashes, "answers": dict(answers), "requests": answers.total()}


def _leaks(route, method, body, values, answer: Answer, binding, rows: CountryRows, intruder) -> list[str]:
    """Why kn's answer shows it reached lc's row (none when it did not)."""
    found = []
    shown = _shown(rows, answer, values)
    if shown:
        found.append(f"shows lc's data ({', '.join(marker.decode() for marker in shown[:3])})")
    if binding is not None and binding.unique and answer.status not in REFUSED:
        # Not refused: does lc's row make any difference? The same request about a row nobody has.
        nobody = ask(intruder, method, route.url(rows.nobody(values)), body=body)
        if not _alike(answer, values, nobody, rows.nobody(values)):
            found.append(f"answers {answer.status} for lc's row and {nobody.status} for no row")
    return found


def _alike(one: Answer, its_values: dict, other: Answer, other_values: dict) -> bool:
    """The same status, and redirected to the same place but for the values asked with."""

    def place(answer: Answer, values: dict) -> str:
        location = answer.location
        for value in values.values():
            location = location.replace(str(value), "{}")
        return location

    return (one.status, place(one, its_values)) == (other.status, place(other, other_values))


def _shown(rows: CountryRows, answer: Answer, values: dict) -> list[bytes]:
    """lc's markers in the answer, but for those asked with (a page may repeat its own address)."""
    asked = {str(value).encode() for value in values.values()}
    return sorted(set(rows.marker_pattern.findall(answer.body)) - asked)


def _walk_abroad(walked, bound, operations, kn, intruder) -> dict:
    """kn's session cookie and kn's API token sent to lc's site, on every route: nobody there."""
    leaks, requests = [], Counter()
    session = client_for(ABROAD)
    session.cookies["sessionid"] = intruder.cookies["sessionid"].value
    with tenant_context(kn):
        token = api_token_issue(user=user_in(kn, "intruder")).key
    for route in walked:
        url = route.url(bound[route].values if route in bound else {})
        stolen = ask(session, "GET", url)
        requests["kn_session_on_lc"] += 1
        if stolen.user is not None and stolen.user.is_authenticated:
            leaks.append(f"GET {url} on lc with kn's session: signed in as {stolen.user}")
        for method, body in operations.get(route.route, {}).items():
            answer = ask(client_for(ABROAD), method, url, body=body, HTTP_AUTHORIZATION=f"Token {token}")
            requests["kn_token_on_lc"] += 1
            if answer.status != 401 or (answer.user is not None and answer.user.is_authenticated):
                leaks.append(f"{method} {url} on lc with kn's token: {answer.status or answer.error}")
    # Both were good at home all along: kn's session and token are kn's user there.
    assert intruder.get("/api/v1/me/").json()["username"] == "intruder"
    me = client_for(HOME).get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert me.status_code == 200 and me.json()["username"] == "intruder"
    return {"leaks": leaks, "requests": dict(requests)}


# --- what the walk does not fill in: reset links, cached pages, tasks, files -------------------------


def test_a_reset_link_works_only_where_made(kn, lc, mailoutbox):
    """officer@example.org has an account in both countries; the link kn mails resets kn's, never lc's."""
    client_for(HOME).post("/accounts/password/reset/", {"email": "officer@example.org"})
    link = urlsplit(re.search(r"http://\S+/accounts/password/reset/key/\S+", mailoutbox[-1].body).group())
    assert link.hostname == "kn.localhost"
    new = {"password1": "harbour-lantern-4711", "password2": "harbour-lantern-4711"}

    abroad = client_for(ABROAD)
    opened = abroad.get(link.path, follow=True)
    assert opened.status_code == 200 and opened.context["token_fail"]
    abroad.post(opened.redirect_chain[-1][0] if opened.redirect_chain else link.path, new)
    assert user_in(lc, "officer").check_password(PASSWORD)

    home = client_for(HOME)
    opened = home.get(link.path, follow=True)
    assert not opened.context.get("token_fail")
    assert home.post(opened.redirect_chain[-1][0], new).status_code == 302
    assert user_in(kn, "officer").check_password(new["password1"])
    assert user_in(lc, "officer").check_password(PASSWORD)


def test_a_page_cached_for_kn_is_never_served_by_lc(kn, lc):
    """The public pages are cached for a minute, and a copy kept for a day for the site to serve while
    it is closed for an upgrade: both under keys of the country's schema, never another's."""
    with tenant_context(kn):
        country_settings_save(values={"site_name": "zqkn-cached-name"}, version=None, by=None)
    cached = client_for(HOME).get("/lmi/")
    assert cached.status_code == 200 and b"zqkn-cached-name" in cached.content
    for country in (kn, lc):
        _status_set(country, Country.Status.MAINTENANCE)
    assert client_for(HOME).get("/lmi/").content == cached.content  # kn's copy is kept, for kn
    closed = client_for(ABROAD).get("/lmi/")
    assert closed.status_code == 503 and b"zqkn-cached-name" not in closed.content
    _status_set(lc, Country.Status.ACTIVE)
    opened = client_for(ABROAD).get("/lmi/")
    assert opened.status_code == 200 and b"zqkn-cached-name" not in opened.content


def _status_set(country, status: str) -> None:
    with schema_context(get_public_schema_name()):
        country_status_set(country=country, status=status)


@pytest.fixture(scope="module")
def queue():
    """A worker thread on the configured broker, on a queue of its own (tests/test_tasks.py)."""
    name = f"test-{uuid.uuid4().hex[:8]}"
    with start_worker(app, pool="solo", perform_ping_check=False, queues=[name], shutdown_timeout=10):
        yield name


def _computed(country, queue: str) -> str:
    """The id of an indicator computation sent from the country and done by the worker."""
    task_id = str(uuid.uuid4())
    with tenant_context(country):
        indicators_compute_period.apply_async(
            ("1990",), {"codes": ["CMP_AMTR_NOC_NB"]}, queue=queue, task_id=task_id
        )
    app.AsyncResult(task_id).get(timeout=30)
    return task_id


@pytest.mark.django_db
def test_a_task_runs_in_the_country_it_was_sent_from(countries, queue):
    for code in ("kn", "lc"):
        assert app.AsyncResult(_computed(countries[code], queue)).result["country"] == code


def test_a_computation_is_followed_only_in_its_country(kn, lc, queue, intruder, owner):
    """The results of every country's tasks are in one result backend: a page that shows a task's
    progress by its id must show only the country's own."""
    task_id = _computed(lc, queue)
    with tenant_context(lc):
        given = compute_progress_url(task_id)  # where lc's page sends its statistician
    at_home = owner.get(given)
    assert at_home.status_code == 200 and at_home.context["state"] == "SUCCESS"
    for address in (given, given.split("?")[0]):
        assert intruder.get(address).status_code == 404, address


def test_lcs_documents_are_not_downloaded_from_kn(kn, lc, rows, intruder, owner, media):
    case = rows.of(Complaint)
    with tenant_context(lc):
        document = case_document_add(
            case=case, upload=SimpleUploadedFile("payslip.pdf", b"%PDF-1.4 zqlc payslip"), by=None
        )
    download = f"/cases/{case.pk}/documents/{document.pk}/"
    assert b"zqlc payslip" in b"".join(owner.get(download).streaming_content)
    assert intruder.get(download).status_code == 404
    assert intruder.get(f"/api/v1/cases/{case.pk}/documents/").status_code == 404
    # Nor by the file's own address: files are only ever served through the page that checks access.
    for client in (intruder, owner):
        assert client.get(document.file.url).status_code == 404


def test_lcs_request_from_the_hub_is_not_answered_from_kn(kn, lc, rows, intruder, owner):
    """The hub's requests to the countries are in the hub's table, one row per country: kn's page
    answering them takes the request's id from the form, not the address (so the walk does not try it)."""
    request = rows.of(DataRequest)
    with schema_context(get_public_schema_name()):
        before = DataRequest.objects.filter(pk=request.pk).values().get()
    answered = intruder.post("/indicators/hub-requests/", {"request": request.pk, "answer": "zqkn answer"})
    assert answered.status_code == 404
    with schema_context(get_public_schema_name()):
        assert DataRequest.objects.filter(pk=request.pk).values().get() == before
    # lc's own page finds it (whether it takes the answer is another matter).
    assert owner.post("/indicators/hub-requests/", {"request": request.pk, "answer": ""}).status_code != 404
