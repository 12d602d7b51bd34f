"""Every way a file reaches the platform, sent files that are not what they claim: text in the wrong
encoding, binary data under a text or workbook name, nothing at all, a workbook cut short, a file over
the limit, a workbook whose XML expands without end, a CSV holding a NUL byte; and JSON nested deeper
than any parser follows. Each is refused with a message saying what is wrong, and nothing is saved:
no 500, nothing half-imported.

The ways in: a partner agency's file of values (CSV, Excel, SDMX-CSV; checked in the request when
small, in the background when large), a case's documents (page and API), a country's logo (its
settings page and the hub's provider console) and a country's configuration file (page and API).
The platform takes no SDMX-ML: SDMX reaches it as SDMX-CSV, among the files of values.
"""

import datetime
import io
import json
import zipfile

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context
from openpyxl import Workbook

from modules.casework.models import CaseDocument
from modules.casework.services import case_open
from modules.country_settings.models import CountrySettings
from modules.indicators import services, submissions
from modules.indicators.forms import UPLOAD_MAX_BYTES
from modules.indicators.models import Observation, SubmissionUpload
from modules.indicators.services import (
    agency_member_add,
    agency_save,
    indicator_save,
    submission_upload_check,
)
from tenants.models import ProviderChange
from tenants.providers.services import provider_assign, provider_save, provider_staff_add
from tests.casework_app.models import Grievance
from tests.support import client_for, sign_in, user_in

HEADER = "period,SEX,value\n"
GOOD_ROW = "2025,SEX_F,12\n"


def workbook(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def workbook_with_sheet(sheet_xml: bytes) -> bytes:
    """A real workbook whose first sheet's XML is replaced."""
    source = zipfile.ZipFile(io.BytesIO(workbook([["period", "SEX", "value"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = sheet_xml if item.filename == "xl/worksheets/sheet1.xml" else source.read(item)
            target.writestr(item, content)
    return out.getvalue()


SHEET_START = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>period</t></is></c>'
    b'<c r="B1" t="inlineStr"><is><t>value</t></is></c></row>'
)
# Billion laughs: ten entities of ten of the one before, a billion "ha"s from a few hundred bytes.
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "ha">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (level, (b"&lol%s;" % (b"" if level == 1 else b"%d" % (level - 1))) * 10)
        for level in range(1, 10)
    )
    + b"]>"
    + SHEET_START
    + b'<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
)
# Three hundred thousand rows in a workbook of a few hundred kilobytes: rows alike compress well.
MANY_ROWS = (
    SHEET_START
    + b'<row><c t="inlineStr"><is><t>2025</t></is></c><c><v>1</v></c></row>' * 300_000
    + b"</sheetData></worksheet>"
)

# name -> (file name, content, what the submitter is told)
BAD_FILES_OF_VALUES = {
    "utf-16 csv": ("tourism.csv", (HEADER + GOOD_ROW).encode("utf-16"), "not a CSV file in UTF-8"),
    "latin-1 csv": ("tourism.csv", "période,valeur\n2025,12\n".encode("latin-1"), "not a CSV file in UTF-8"),
    "binary csv": ("tourism.csv", bytes(range(256)) * 4, "not a CSV file"),
    "csv with a nul byte": ("tourism.csv", (HEADER + "2025,SEX_F,1\x002\n").encode(), "not a CSV file"),
    "binary xlsx": ("tourism.xlsx", bytes(range(256)) * 4, "not an Excel workbook"),
    "csv named xlsx": ("tourism.xlsx", (HEADER + GOOD_ROW).encode(), "not an Excel workbook"),
    "truncated xlsx": ("tourism.xlsx", workbook([["period", "value"], [2025, 1]])[:900], "not an Excel"),
    "broken sheet xml": ("tourism.xlsx", workbook_with_sheet(SHEET_START + b"<row><c>"), "not an Excel"),
    "billion laughs": ("tourism.xlsx", workbook_with_sheet(LAUGHS), "not an Excel workbook"),
    "sdmx-csv in utf-16": (
        "tourism.csv",
        "DATAFLOW,REF_AREA,TIME_PERIOD,OBS_VALUE\nX,KNA,2025,1\n".encode("utf-16"),
        "not a CSV file in UTF-8",
    ),
    "empty sheet": ("tourism.xlsx", workbook([]), "The file is empty"),
    "only blank lines": ("tourism.csv", b"\n\n,,\n", "The file is empty"),
}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def tourism(kn):
    with tenant_context(kn):
        board = agency_save(values={"name": "Tourism Authority", "kind": "other"}, version=None, by=None)
        indicator = indicator_save(
            values={
                "code": "KN_TOUR_EMP_SEX_NB",
                "name": "Employment in tourism",
                "unit": "NB",
                "frequencies": ["A"],
                "dimensions": ["SEX"],
                "agency": board,
            },
            version=None,
            by=None,
        )
        agency_member_add(agency=board, user=user_in(kn, "agency_submitter"), by=None)
        return indicator


@pytest.fixture
def submitter(kn, tourism):
    return sign_in(client_for("kn.localhost"), kn, "agency_submitter")


def _nothing_saved(kn, indicator) -> None:
    with tenant_context(kn):
        assert not Observation.objects.filter(indicator=indicator).exists()


# --- a partner agency's file of values -------------------------------------------------------------------


@pytest.mark.parametrize("bad", BAD_FILES_OF_VALUES, ids=str)
def test_a_bad_file_of_values_is_refused_in_the_request_with_a_message(kn, media, submitter, tourism, bad):
    name, content, message = BAD_FILES_OF_VALUES[bad]
    answer = submitter.post(
        f"/indicators/submit/{tourism.pk}/upload/", {"file": SimpleUploadedFile(name, content)}
    )
    assert answer.status_code == 200 and message in answer.content.decode()
    _nothing_saved(kn, tourism)


@pytest.mark.parametrize("bad", BAD_FILES_OF_VALUES, ids=str)
def test_a_bad_file_of_values_checked_in_the_background_is_refused_with_a_message(kn, media, tourism, bad):
    """A large file is kept and checked by a task (submission_upload_check, run here): the same files,
    refused with the same messages, never left failed (which tells the submitter only to try again)."""
    name, content, message = BAD_FILES_OF_VALUES[bad]
    with tenant_context(kn):
        upload = SubmissionUpload.objects.create(
            indicator=tourism, name=name, uploaded_by=user_in(kn, "agency_submitter"), language="en"
        )
        upload.file.save(name, ContentFile(content))
        checked = submission_upload_check(upload=upload)
        assert checked.state == SubmissionUpload.State.REFUSED
        assert any(message in error[2] for error in checked.errors), checked.errors
    _nothing_saved(kn, tourism)


def test_a_file_of_values_over_the_limit_is_refused_before_it_is_read(kn, media, submitter, tourism):
    huge = (HEADER + GOOD_ROW * (UPLOAD_MAX_BYTES // len(GOOD_ROW) + 1)).encode()
    answer = submitter.post(
        f"/indicators/submit/{tourism.pk}/upload/", {"file": SimpleUploadedFile("tourism.csv", huge)}
    )
    assert answer.status_code == 200 and "The file is larger than 5 MB." in answer.content.decode()
    _nothing_saved(kn, tourism)
    with tenant_context(kn):
        assert not SubmissionUpload.objects.exists()


def test_an_empty_file_of_values_is_refused(kn, media, submitter, tourism):
    answer = submitter.post(
        f"/indicators/submit/{tourism.pk}/upload/", {"file": SimpleUploadedFile("tourism.csv", b"")}
    )
    assert answer.status_code == 200 and "The submitted file is empty." in answer.content.decode()
    _nothing_saved(kn, tourism)


def test_a_workbook_of_more_rows_than_any_submission_is_refused_without_reading_them_all(
    kn, media, tourism, monkeypatch
):
    """A few hundred kilobytes holding more rows than any submission: refused by its count, read only
    as far as the limit (here lowered to a thousand, the workbook holding three hundred times as many)."""
    for module in (submissions, services):
        monkeypatch.setattr(module, "MAX_ROWS_BACKGROUND", 1000)
    content = workbook_with_sheet(MANY_ROWS)
    assert len(content) < 1024 * 1024
    read_whole = submissions._excel_rows
    read: list[int] = []
    monkeypatch.setattr(
        submissions, "_excel_rows", lambda data: read.append(len(rows := read_whole(data))) or rows
    )
    with tenant_context(kn):
        upload = SubmissionUpload.objects.create(
            indicator=tourism, name="many.xlsx", uploaded_by=user_in(kn, "agency_submitter"), language="en"
        )
        upload.file.save("many.xlsx", ContentFile(content))
        checked = submission_upload_check(upload=upload)
    assert checked.state == SubmissionUpload.State.REFUSED
    assert "at most 1000 values" in checked.errors[0][2]
    assert read == [1002]  # the header and one row past the limit, of three hundred thousand
    _nothing_saved(kn, tourism)


# --- a case's documents ---------------------------------------------------------------------------------


@pytest.fixture
def complaint(kn):
    with tenant_context(kn):
        return case_open(case=Grievance(), values={"complainant": "Cavel Mills"}, by=user_in(kn, "officer"))


PDF = b"%PDF-1.4 a payslip"
BAD_DOCUMENTS = {
    "binary pdf": ("payslip.pdf", bytes(range(256)), "does not contain what its name says"),
    "text png": ("photo.png", b"Ceci n'est pas une image", "does not contain what its name says"),
    "truncated docx": ("letter.docx", b"PK\x01\x02", "does not contain what its name says"),
    "binary txt": ("notes.txt", b"notes\x00\x01\x02", "is not a text file"),
    "program": ("setup.exe", b"MZ\x90\x00", "not a type that can be attached"),
}


@pytest.mark.parametrize("bad", BAD_DOCUMENTS, ids=str)
def test_a_bad_document_is_refused_by_page_and_api(kn, media, complaint, bad):
    name, content, message = BAD_DOCUMENTS[bad]
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    page = officer.post(f"/cases/{complaint.pk}/documents/", {"file": SimpleUploadedFile(name, content)})
    api = officer.post(
        f"/api/v1/cases/{complaint.pk}/documents/", {"file": SimpleUploadedFile(name, content)}
    )
    assert message in page.content.decode() or message in _followed(officer, page)
    assert api.status_code == 400 and message in _messages(api)
    with tenant_context(kn):
        assert not CaseDocument.objects.exists()


def test_an_empty_or_oversized_document_is_refused(kn, media, complaint, settings):
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    empty = officer.post(
        f"/api/v1/cases/{complaint.pk}/documents/", {"file": SimpleUploadedFile("a.txt", b"")}
    )
    assert empty.status_code == 400 and "The submitted file is empty." in _messages(empty)
    settings.CASE_DOCUMENT_MAX_BYTES = 1024
    huge = officer.post(
        f"/api/v1/cases/{complaint.pk}/documents/", {"file": SimpleUploadedFile("a.txt", b"x" * 1025)}
    )
    assert huge.status_code == 400 and "attachments can be at most 1.0" in _messages(huge)
    with tenant_context(kn):
        assert not CaseDocument.objects.exists()


def _messages(answer) -> str:
    return json.dumps(answer.json()["errors"], ensure_ascii=False)


def _followed(client, answer) -> str:
    """The page a refusal redirected to (with its message), or the page itself."""
    if answer.status_code != 302:
        return answer.content.decode()
    return client.get(answer["Location"]).content.decode()


# --- a country's logo -----------------------------------------------------------------------------------

BAD_LOGOS = {
    "binary png": ("logo.png", bytes(range(256)), "The logo must be a PNG or JPEG image."),
    "svg named png": ("logo.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "must be a PNG or JPEG"),
    "huge png": ("logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 300 * 1024, "The logo must be at most 200 KB"),
}


@pytest.fixture
def lmis_admin(kn):
    with tenant_context(kn):
        TOTP.activate(user_in(kn, "lmis_admin"), generate_totp_secret())
    return sign_in(client_for("kn.localhost"), kn, "lmis_admin")


@pytest.mark.parametrize("bad", BAD_LOGOS, ids=str)
def test_a_bad_logo_is_refused_on_the_settings_page(kn, media, lmis_admin, bad):
    name, content, message = BAD_LOGOS[bad]
    form = lmis_admin.get("/settings/site/").context["form"]
    values = {key: value for key, value in form.initial.items() if value is not None}
    values["logo_file"] = SimpleUploadedFile(name, content)
    answer = lmis_admin.post("/settings/site/", values)
    assert answer.status_code == 200 and message in answer.content.decode()
    with tenant_context(kn):
        assert not CountrySettings.objects.filter(logo_type__gt="").exists()


# --- a country's configuration file ---------------------------------------------------------------------

# Nested deeper than Python's JSON parser follows (it gives up with RecursionError, not ValueError).
DEEP_JSON = b"[" * 100_000 + b"]" * 100_000
BAD_CONFIGURATIONS = {
    "utf-16 not json": ("kn.json", "not json at all".encode("utf-16"), "The file is not JSON"),
    "latin-1": ("kn.json", '{"format": "clmis-configuration", "é": 1'.encode("latin-1"), "not JSON"),
    "binary": ("kn.json", bytes(range(256)), "The file is not JSON"),
    "a list": ("kn.json", b"[1, 2]", "not a CLMIS configuration file"),
    "nested too deep": ("kn.json", DEEP_JSON, "it is nested too deeply"),
}


@pytest.mark.parametrize("bad", BAD_CONFIGURATIONS, ids=str)
def test_a_bad_configuration_file_is_refused_and_nothing_changes(kn, lmis_admin, bad):
    name, content, message = BAD_CONFIGURATIONS[bad]
    with tenant_context(kn):
        before = list(CountrySettings.objects.values())
    answer = lmis_admin.post(
        "/settings/configuration/preview/",
        {"file": SimpleUploadedFile(name, content), "sections": ["settings"]},
    )
    assert answer.status_code == 200 and message in answer.content.decode()
    with tenant_context(kn):
        assert list(CountrySettings.objects.values()) == before


def test_json_nested_too_deep_is_a_bad_request_for_the_api(kn, lmis_admin):
    answer = lmis_admin.post("/api/v1/configuration/import/", DEEP_JSON, content_type="application/json")
    assert answer.status_code == 400 and answer.json()["code"] == "parse_error"


def test_text_holding_a_nul_character_is_a_bad_request_for_the_api(kn, media, lmis_admin, complaint):
    """PostgreSQL can neither store nor compare it: refused whatever field it is sent for, in JSON
    (a key or a value, however deep) and in a form beside a file, which itself may hold anything."""
    body = json.dumps({"format": "clmis-configuration", "sections": {"settings": {"site_name\x00": "x"}}})
    answer = lmis_admin.post("/api/v1/configuration/import/", body, content_type="application/json")
    assert answer.status_code == 400 and answer.json()["code"] == "parse_error"
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    url = f"/api/v1/cases/{complaint.pk}/documents/"
    refused = officer.post(url, {"file": SimpleUploadedFile("a.pdf", PDF), "description": "pay\x00slip"})
    assert refused.status_code == 400 and "NUL character" in refused.json()["detail"]
    with tenant_context(kn):
        assert not CaseDocument.objects.exists()
    binary = SimpleUploadedFile("a.pdf", PDF + b"\x00\x01")
    kept = officer.post(url, {"file": binary, "description": "payslip"})
    assert kept.status_code == 201


def test_a_json_body_over_the_limit_is_refused_by_the_api(kn, lmis_admin, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    with tenant_context(kn):
        before = list(CountrySettings.objects.values())
    body = b'{"format": "clmis-configuration", "padding": "' + b"x" * 2048 + b'"}'
    answer = lmis_admin.post("/api/v1/configuration/import/?apply=1", body, content_type="application/json")
    assert answer.status_code == 400
    with tenant_context(kn):
        assert list(CountrySettings.objects.values()) == before


# --- the same files through the hub's provider console --------------------------------------------------


@pytest.fixture
def console(kn):
    """The hub's service provider, accredited and assigned kn, signed in with two-factor authentication."""
    with schema_context(get_public_schema_name()):
        provider = provider_save(
            values={
                "name": "Caribbean LMIS Services",
                "registration_number": "HUB-SP-001",
                "email": "support@cls.example",
                "accredited_from": timezone.localdate() - datetime.timedelta(days=30),
            },
            version=None,
            by=None,
        )
        user = user_in(None, "service_provider")
        provider_staff_add(provider=provider, user=user, by=None)
        provider_assign(provider=provider, country=kn, by=None)
        TOTP.activate(user, generate_totp_secret())
    return sign_in(client_for("localhost"), None, "service_provider")


@pytest.mark.parametrize("bad", BAD_LOGOS, ids=str)
def test_a_bad_logo_is_refused_by_the_provider_console(kn, media, console, bad):
    name, content, message = BAD_LOGOS[bad]
    form = console.get("/console/kn/settings/").context["form"]
    values = {key: value for key, value in form.initial.items() if value is not None}
    answer = console.post("/console/kn/settings/", {**values, "logo_file": SimpleUploadedFile(name, content)})
    assert answer.status_code == 200 and message in answer.content.decode()
    with tenant_context(kn):
        assert not CountrySettings.objects.filter(logo_type__gt="").exists()
    with schema_context(get_public_schema_name()):
        assert not ProviderChange.objects.exists()


@pytest.mark.parametrize("bad", BAD_CONFIGURATIONS, ids=str)
def test_a_bad_configuration_file_is_refused_by_the_provider_console(kn, console, bad):
    name, content, message = BAD_CONFIGURATIONS[bad]
    with tenant_context(kn):
        before = list(CountrySettings.objects.values())
    answer = console.post(
        "/console/kn/configuration/preview/",
        {"file": SimpleUploadedFile(name, content), "sections": ["settings"]},
    )
    assert answer.status_code == 200 and message in answer.content.decode()
    with tenant_context(kn):
        assert list(CountrySettings.objects.values()) == before
    with schema_context(get_public_schema_name()):
        assert not ProviderChange.objects.exists()
