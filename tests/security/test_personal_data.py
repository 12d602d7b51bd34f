"""Personal data in case records: seen only by the roles that work the cases, given to the person on
request (a copy), erased on request or by the country's retention rule without changing the statistics."""

import datetime
import io
import json
import zipfile

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from clmis.audit.models import Export
from clmis.personal_data.models import Erasure, RetentionRule
from clmis.personal_data.services import retention_apply
from clmis.personal_data.tasks import personal_data_retention
from modules.casework.models import CaseDocument, Letter
from modules.casework.services import case_document_add, case_note_add, letter_issue
from modules.job_seekers.models import JobSeeker
from modules.job_seekers.services import job_seeker_update
from tests.modules.job_seekers.helpers import TODAY, born, register
from tests.support import client_for, sign_in, user_in

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PERSON = {
    "first_name": "Cavel",
    "family_name": "Mills",
    "nis_number": "KN-771204",
    "birth_date": datetime.date(1991, 3, 14),
    "street": "12 Bay Road",
    "phone": "869-465-7711",
    "email": "cavel.mills@example.kn",
}
TRACES = ("Mills", "Cavel", "771204", "Bay Road", "465-7711", "cavel.mills", "1991-03-14")


def _person(kn) -> JobSeeker:
    """Cavel Mills, registered, with a note, a registration card and a document that name her."""
    seeker = register(kn, **PERSON)
    with tenant_context(kn):
        officer = user_in(kn, "officer")
        case_note_add(case=seeker, text="Cavel Mills called about the hotel job.", by=officer)
        letter_issue(case=seeker, key="job_seekers/registration_card", language="en", by=officer)
        case_document_add(case=seeker, upload=SimpleUploadedFile("id-mills.pdf", PDF), by=officer)
    return seeker


def _text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def test_a_statistician_reads_the_cases_but_not_who_they_are_about(kn):
    seeker = _person(kn)
    statistician = sign_in(client_for("kn.localhost"), kn, "statistician")
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    pages = {
        "list": "/job_seekers/",
        "record": f"/job_seekers/{seeker.pk}/",
        "API list": "/api/v1/job_seekers/",
        "API record": f"/api/v1/job_seekers/{seeker.pk}/",
        "API timeline": f"/api/v1/cases/{seeker.pk}/events/",
    }
    for what, url in pages.items():
        seen = _text(statistician.get(url))
        assert not [trace for trace in TRACES if trace in seen], what
    assert seeker.reference in _text(statistician.get("/job_seekers/"))
    assert seeker.reference not in _text(statistician.get("/job_seekers/?q=Mills"))  # a hit would name her
    assert "withheld" in _text(statistician.get(f"/job_seekers/{seeker.pk}/"))
    record = statistician.get(f"/api/v1/job_seekers/{seeker.pk}/").json()
    assert record["family_name"] == "withheld" and record["birth_date"] is None and record["sex"] == "M"
    assert 'name="born_after"' not in _text(statistician.get("/job_seekers/"))
    export = load_workbook(
        io.BytesIO(b"".join(statistician.get("/job_seekers/export.xlsx").streaming_content))
    )
    cells = " ".join(str(cell) for row in export.active.iter_rows(values_only=True) for cell in row)
    assert seeker.reference in cells and not [trace for trace in TRACES if trace in cells]
    with tenant_context(kn):
        letter, document = Letter.objects.get(case=seeker), CaseDocument.objects.get(case=seeker)
    assert statistician.get(f"/cases/{seeker.pk}/letters/{letter.pk}/").status_code == 403
    assert statistician.get(f"/cases/{seeker.pk}/documents/{document.pk}/").status_code == 403
    assert statistician.get(f"/api/v1/cases/{seeker.pk}/letters/").json()["results"] == []
    assert statistician.get(f"/api/v1/cases/{seeker.pk}/documents/").json()["results"] == []
    # The officer working the case sees all of it.
    assert seeker.reference in _text(officer.get("/job_seekers/?q=Mills"))
    for url in (pages["record"], pages["API record"]):
        assert "Mills" in _text(officer.get(url))
    assert officer.get(f"/cases/{seeker.pk}/letters/{letter.pk}/").status_code == 200


def test_a_change_of_name_is_withheld_in_the_history_too(kn):
    seeker = _person(kn)
    with tenant_context(kn):
        job_seeker_update(
            job_seeker=seeker,
            values={"family_name": "Mills-Browne"},
            version=seeker.version,
            by=user_in(kn, "officer"),
        )
    statistician = sign_in(client_for("kn.localhost"), kn, "statistician")
    assert "Mills" not in _text(statistician.get(f"/job_seekers/{seeker.pk}/"))
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    assert "Mills-Browne" in _text(officer.get(f"/job_seekers/{seeker.pk}/"))


def test_a_person_gets_a_copy_of_everything_held_and_the_copy_is_logged(kn):
    seeker = _person(kn)
    for role in ("officer", "statistician"):
        client = sign_in(client_for("kn.localhost"), kn, role)
        assert client.get(f"/cases/{seeker.pk}/personal-data/copy/").status_code == 403
    supervisor = sign_in(client_for("kn.localhost"), kn, "supervisor")
    assert "Download the copy" in _text(supervisor.get(f"/cases/{seeker.pk}/personal-data/"))
    response = supervisor.get(f"/cases/{seeker.pk}/personal-data/copy/")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    copy = json.loads(archive.read("record.json"))
    assert copy["record"]["family name"] == "Mills" and copy["record"]["date of birth"] == "1991-03-14"
    assert copy["record"]["reference number"] == seeker.reference
    assert any("Cavel Mills called" in event["text"] for event in copy["timeline"])
    assert copy["history"] and copy["history"][0]["values"]["national insurance number"] == "KN-771204"
    names = archive.namelist()
    assert any(name.startswith("letters/") for name in names)
    assert archive.read(next(name for name in names if name.startswith("documents/"))) == PDF
    with tenant_context(kn):
        logged = Export.objects.get()
    assert logged.records == f"Access request: {seeker.reference}" and logged.actor == "kn:supervisor"


def test_the_requests_ask_for_the_password_again(kn):
    seeker = _person(kn)
    supervisor = sign_in(client_for("kn.localhost"), kn, "supervisor", password_confirmed=False)
    for url in (f"/cases/{seeker.pk}/personal-data/", f"/cases/{seeker.pk}/personal-data/copy/"):
        response = supervisor.get(url)
        assert response.status_code == 302 and "reauthenticate" in response["Location"]
    erase = supervisor.post(
        f"/cases/{seeker.pk}/personal-data/erase/", {"request_reference": "x", "confirmed": "on"}
    )
    assert erase.status_code == 302 and "reauthenticate" in erase["Location"]
    with tenant_context(kn):
        assert not Erasure.objects.exists()


def _statistics(kn) -> list:
    with tenant_context(kn):
        return list(
            JobSeeker.objects.values("sex", "district__code", "first_occupation__code", "status")
            .annotate(registered=Count("pk"), born=Count("birth_date__year"))
            .order_by("sex", "district__code", "first_occupation__code", "status")
        )


def test_erasure_on_request_removes_the_person_everywhere_and_keeps_the_statistics(
    kn, django_capture_on_commit_callbacks
):
    seeker = _person(kn)
    register(kn, first_name="Kezia", family_name="Isaac", sex="F", occupations=("5131",))
    before = _statistics(kn)
    supervisor = sign_in(client_for("kn.localhost"), kn, "supervisor")
    url = f"/cases/{seeker.pk}/personal-data/erase/"
    # Without the confirmation nothing happens.
    refused = supervisor.post(url, {"request_reference": "Letter of 3 Dec"})
    assert refused.status_code == 400 and "Tick the box" in refused.content.decode()
    with tenant_context(kn):
        assert JobSeeker.objects.get(pk=seeker.pk).family_name == "Mills" and not Erasure.objects.exists()
    assert sign_in(client_for("kn.localhost"), kn, "officer").post(url, {}).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        done = supervisor.post(url, {"request_reference": "Letter of 3 Dec", "confirmed": "on"})
    assert done.status_code == 302
    with tenant_context(kn):
        erased = JobSeeker.objects.get(pk=seeker.pk)
        history = list(JobSeeker.history.filter(id=seeker.pk).values())
        erasure = Erasure.objects.get()
        timeline = list(erased.events.values_list("text", flat=True))
        assert not erased.letters.exists() and not erased.documents.exists()
    assert (erased.family_name, erased.nis_number, erased.phone, erased.email) == ("—", "", "", "")
    assert erased.birth_date == datetime.date(1991, 7, 1) and erased.reference == seeker.reference
    assert not [trace for row in history for trace in TRACES if trace in json.dumps(row, default=str)]
    assert not [text for text in timeline if "Mills" in text]
    assert erasure.reason == "request" and erasure.request_reference == "Letter of 3 Dec"
    assert erasure.actor == "kn:supervisor" and erasure.reference == seeker.reference
    assert _statistics(kn) == before
    # Once is enough: the page says it was done and a second request changes nothing.
    page = _text(supervisor.get(f"/cases/{seeker.pk}/personal-data/"))
    assert "was erased" in page and 'name="confirmed"' not in page
    supervisor.post(url, {"request_reference": "again", "confirmed": "on"})
    with tenant_context(kn):
        assert Erasure.objects.count() == 1


def test_retention_erases_cases_closed_longer_ago_than_the_country_keeps_them(kn):
    old, recent, open_case = (register(kn, family_name=name) for name in ("Old", "Recent", "Open"))
    with tenant_context(kn):
        JobSeeker.objects.filter(pk=old.pk).update(status="withdrawn", closed_on=born(3))
        JobSeeker.objects.filter(pk=recent.pk).update(status="withdrawn", closed_on=born(1))
        assert retention_apply() == 0  # no rule: kept as long as the case
        RetentionRule.objects.create(case_type="job_seekers.jobseeker", years=2)
        assert personal_data_retention()["erased"] == 1
        assert retention_apply(TODAY) == 0  # done once
        names = dict(
            JobSeeker.objects.filter(pk__in=[old.pk, recent.pk, open_case.pk]).values_list(
                "pk", "family_name"
            )
        )
        erasure = Erasure.objects.get()
    assert names == {old.pk: "—", recent.pk: "Recent", open_case.pk: "Open"}
    assert erasure.reason == "retention" and erasure.actor == "system"


def test_the_lmis_administrator_sets_the_retention_rules_in_the_admin(kn):
    with tenant_context(kn):
        TOTP.activate(user_in(kn, "lmis_admin"), generate_totp_secret())
    admin = sign_in(client_for("kn.localhost"), kn, "lmis_admin")
    add = "/admin/personal_data/retentionrule/add/"
    assert "Complaints" in _text(admin.get(add))
    refused = admin.post(add, {"case_type": "complaints.complaint", "years": "0"})
    assert refused.status_code == 200 and "at least a year" in refused.content.decode()
    assert admin.post(add, {"case_type": "complaints.complaint", "years": "7"}).status_code == 302
    with tenant_context(kn):
        rule = RetentionRule.objects.get()
        assert rule.years == 7 and rule.history.get().actor == "kn:lmis_admin"
    supervisor = sign_in(client_for("kn.localhost"), kn, "supervisor")
    assert supervisor.get("/admin/personal_data/retentionrule/").status_code in (302, 403)
