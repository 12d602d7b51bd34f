"""Large files of values: kept, then read and checked by a task in the country they were uploaded in,
their page showing how far the check is, accepted whole or refused whole with the error report; small
files are still checked in the request. Only the submitter (or the package keepers) sees the page.

The tests that run the check in a worker write committed data (the worker reads through its own
connection, which cannot see a test's transaction) and remove it afterwards."""

import datetime
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from celery.contrib.testing.worker import start_worker
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone, translation
from django_tenants.utils import tenant_context

from clmis.accounts.services import user_create
from clmis.celery import app
from modules.indicators.forms import UPLOAD_BACKGROUND_BYTES
from modules.indicators.models import Agency, AgencyMember, Indicator, Observation, SubmissionUpload
from modules.indicators.services import (
    agency_member_add,
    agency_save,
    indicator_save,
    submission_upload_check,
    submission_upload_receive,
)
from modules.indicators.submissions import PROGRESS_EVERY, submission_check
from modules.indicators.tasks import indicators_uploads_resend
from tests.support import PASSWORD, TableLocked, client_for, sign_in, user_in

HEADER = "period,SEX,ECO,value,numerator,denominator,flag"
SEXES = ("", "SEX_F", "SEX_M", "SEX_O")
SECTIONS = ("", *(f"ECO_ISIC4_{section}" for section in "ABCDEFGHIJKLMNOPQRSTU"))
SEX_WEIGHTS = (2, 1, 1, 0)  # both sexes, women, men, other


def values_file(rows: int, *, bad: dict[int, str] | None = None) -> bytes:
    """A CSV of the template with `rows` values, each of its own quarter and breakdown (from 1901-Q1 on),
    whose parts make their totals (validation_rules): one woman and one man in each section, none of
    other sex; `bad` replaces the rows of those numbers (as numbered in the file, the header being row 1)."""
    lines = [HEADER]
    for index in range(rows):
        quarter, breakdown = divmod(index, len(SEXES) * len(SECTIONS))
        sex, section = divmod(breakdown, len(SECTIONS))
        period = f"{1901 + quarter // 4}-Q{quarter % 4 + 1}"
        value = SEX_WEIGHTS[sex] * (len(SECTIONS) - 1 if section == 0 else 1)
        lines.append(f"{period},{SEXES[sex]},{SECTIONS[section]},{value},,,")
    for number, line in (bad or {}).items():
        lines[number - 1] = line
    return ("\n".join(lines) + "\n").encode()


def upload(client, indicator: Indicator, content: bytes, name: str = "tourism.csv"):
    return client.post(
        f"/indicators/submit/{indicator.pk}/upload/", {"file": SimpleUploadedFile(name, content)}
    )


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded files go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


# --- in the test's transaction: the request, the page, who sees it, the check run here ------------------


@pytest.fixture
def tourism(kn):
    """The tourism board's quarterly indicator by sex and economic activity, submitted by the country's
    submitter; and a second submitter, of the national insurance."""
    with tenant_context(kn):
        board = agency_save(values={"name": "Tourism Authority", "kind": "other"}, version=None, by=None)
        insurance = agency_save(
            values={"name": "Social Security Board", "kind": "social_security"}, version=None, by=None
        )
        indicator = indicator_save(
            values={
                "code": "KN_TOUR_EMP_SEX_ECO_NB",
                "name": "Employment in tourism",
                "unit": "NB",
                "frequencies": ["A", "Q"],
                "dimensions": ["SEX", "ECO"],
                "agency": board,
            },
            version=None,
            by=None,
        )
        agency_member_add(agency=board, user=user_in(kn, "agency_submitter"), by=None)
        other = user_create(
            username="insurance_submitter",
            email="insurance@example.org",
            password=PASSWORD,
            roles=["agency_submitter"],
        )
        agency_member_add(agency=insurance, user=other, by=None)
        return indicator


@pytest.fixture
def submitter(kn, tourism):
    return sign_in(client_for("kn.localhost"), kn, "agency_submitter")


def values_of(kn, indicator: Indicator) -> int:
    with tenant_context(kn):
        return Observation.objects.filter(indicator=indicator).count()


def uploads_in(kn) -> list[SubmissionUpload]:
    with tenant_context(kn):
        return list(SubmissionUpload.objects.select_related("uploaded_by"))


def test_a_small_file_is_still_checked_in_the_request(kn, media, submitter, tourism):
    content = values_file(300)
    assert len(content) < UPLOAD_BACKGROUND_BYTES
    done = upload(submitter, tourism, content)
    assert done.status_code == 302 and done["Location"] == "/indicators/submit/"
    assert values_of(kn, tourism) == 300 and uploads_in(kn) == []
    refused = upload(submitter, tourism, values_file(300, bad={5: "2025,SEX_X,,1,,,"}))
    assert refused.status_code == 200 and "SEX_X is not a code" in refused.content.decode()
    assert uploads_in(kn) == []


def test_a_large_file_is_kept_and_its_page_waits_for_the_check(
    kn, media, submitter, tourism, django_capture_on_commit_callbacks
):
    content = values_file(9000)
    assert len(content) > UPLOAD_BACKGROUND_BYTES
    with django_capture_on_commit_callbacks() as sent:
        answer = upload(submitter, tourism, content, name="Tourism 2025.CSV")
    assert len(sent) == 1  # the check, sent to the worker once the upload is committed
    (kept,) = uploads_in(kn)
    assert answer.status_code == 302 and answer["Location"] == f"/indicators/submit/uploads/{kept.pk}/"
    assert (kept.name, kept.uploaded_by.username, kept.state) == (
        "Tourism 2025.CSV",
        "agency_submitter",
        "waiting",
    )
    assert kept.file.name.startswith("kn/indicator-uploads/") and kept.file.name.endswith(".csv")
    assert (media / kept.file.name).read_bytes() == content
    assert values_of(kn, tourism) == 0
    page = submitter.get(answer["Location"])
    text = page.content.decode()
    assert page.status_code == 200 and 'http-equiv="refresh"' in text
    assert "Waiting for the file to be read" in text
    start = submitter.get("/indicators/submit/").content.decode()
    assert "Tourism 2025.CSV" in start and answer["Location"] in start


def test_a_small_file_of_more_rows_than_a_request_checks_goes_to_the_background(
    kn, media, submitter, tourism, django_capture_on_commit_callbacks
):
    """10,004 short rows (a value a quarter, no breakdown) fit in 100 KB."""
    content = (
        "period,value\n" + "".join(f"{1001 + n // 4}-Q{n % 4 + 1},1\n" for n in range(10_004))
    ).encode()
    assert len(content) < UPLOAD_BACKGROUND_BYTES
    with django_capture_on_commit_callbacks() as sent:
        answer = upload(submitter, tourism, content)
    (kept,) = uploads_in(kn)
    assert answer["Location"] == kept.get_absolute_url() and len(sent) == 1
    assert (media / kept.file.name).read_bytes() == content


def test_the_page_shows_how_many_rows_are_checked_while_the_check_goes_on(kn, media, submitter, tourism):
    with tenant_context(kn):
        kept = submission_upload_receive(
            indicator=tourism,
            file=SimpleUploadedFile("tourism.csv", values_file(10)),
            by=user_in(kn, "agency_submitter"),
        )
        SubmissionUpload.objects.filter(pk=kept.pk).update(
            state="checking", rows_total=8000, rows_checked=3000
        )
    text = submitter.get(kept.get_absolute_url()).content.decode()
    assert "Checked 3000 of 8000 rows." in text and 'value="3000"' in text and 'max="8000"' in text
    assert 'http-equiv="refresh"' in text


def test_the_check_tells_its_progress_every_thousand_rows(kn, tourism):
    told = []
    with tenant_context(kn):
        rows = [{"period": f"{1901 + n // 4}-Q{n % 4 + 1}", "value": "1"} for n in range(3500)]
        checked = submission_check(
            indicator=tourism, agency=tourism.agency, rows=rows, max_rows=5000, progress=told.append
        )
    assert len(checked) == 3500 and told == [PROGRESS_EVERY, 2 * PROGRESS_EVERY, 3 * PROGRESS_EVERY]


def test_only_the_submitter_and_the_package_keepers_see_a_files_page(kn, lc, media, submitter, tourism):
    with tenant_context(kn):
        kept = submission_upload_receive(
            indicator=tourism,
            file=SimpleUploadedFile("tourism.csv", values_file(10, bad={3: "2025,SEX_X,,1,,,"})),
            by=user_in(kn, "agency_submitter"),
        )
        submission_upload_check(upload=kept)
    page, report = kept.get_absolute_url(), f"{kept.get_absolute_url()}errors.csv"
    assert submitter.get(page).status_code == 200 and submitter.get(report).status_code == 200
    statistician = sign_in(client_for("kn.localhost"), kn, "statistician")
    assert statistician.get(page).status_code == 200 and statistician.get(report).status_code == 200
    for username in ("insurance_submitter", "officer"):
        other = sign_in(client_for("kn.localhost"), kn, username)
        assert other.get(page).status_code == 404 and other.get(report).status_code == 404
    assert client_for("kn.localhost").get(page).status_code == 302  # to the sign-in
    # The same address in another country is another country's file (none here), whoever asks.
    lc_statistician = sign_in(client_for("lc.localhost"), lc, "statistician")
    assert lc_statistician.get(page).status_code == 404 and lc_statistician.get(report).status_code == 404


def test_a_check_that_breaks_leaves_the_file_failed_and_nothing_saved(kn, media, submitter, tourism):
    with tenant_context(kn):
        kept = submission_upload_receive(
            indicator=tourism,
            file=SimpleUploadedFile("tourism.csv", values_file(10)),
            by=user_in(kn, "agency_submitter"),
        )
        default_storage.delete(kept.file.name)  # the disk lost it: reading it raises
        kept = submission_upload_check(upload=kept)
        assert (kept.state, kept.values_saved) == ("failed", 0) and kept.finished_at is not None
    assert values_of(kn, tourism) == 0
    text = submitter.get(kept.get_absolute_url()).content.decode()
    assert "The check of the file failed" in text and 'http-equiv="refresh"' not in text
    with tenant_context(kn):
        assert submission_upload_check(upload=kept).state == "failed"  # decided: not checked again


def test_the_errors_are_written_in_the_language_the_file_was_uploaded_in(kn, media, tourism):
    with tenant_context(kn), translation.override("nl"):
        kept = submission_upload_receive(
            indicator=tourism,
            file=SimpleUploadedFile("tourism.csv", values_file(10, bad={4: "2025,,,,,,"})),
            by=user_in(kn, "agency_submitter"),
        )
    with tenant_context(kn):
        kept = submission_upload_check(upload=kept)
    assert kept.state == "refused" and kept.errors == [[4, "value", "Geef de waarde op."]]


# --- through the broker and a worker: committed data ----------------------------------------------------


@pytest.fixture(scope="module")
def queue():
    """A worker thread on the configured broker, on a queue of its own (a running dev worker can't steal),
    to which the check of the uploaded files is routed."""
    name = f"test-{uuid.uuid4().hex[:8]}"
    routes = app.conf.task_routes
    app.conf.update(task_routes={"modules.indicators.tasks.indicators_upload_check": {"queue": name}})
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, queues=[name], shutdown_timeout=10):
            yield name
    finally:
        app.conf.update(task_routes=routes)


@contextmanager
def committed_submitter(kn, prefix: str) -> Iterator[dict]:
    """In kn, committed: an agency, its indicator and a submitter of its own (names of this use only),
    removed afterwards with everything saved for them (by this process or by a worker)."""
    tag = uuid.uuid4().hex[:8].upper()
    with tenant_context(kn):
        agency = agency_save(values={"name": f"Board {tag}", "kind": "other"}, version=None, by=None)
        indicator = indicator_save(
            values={
                "code": f"KN_{prefix}{tag}_NB",
                "name": "Employment in tourism",
                "unit": "NB",
                "frequencies": ["Q"],
                "dimensions": ["SEX", "ECO"],
                "agency": agency,
            },
            version=None,
            by=None,
        )
        user = user_create(
            username=f"submitter_{tag.lower()}",
            email=f"{tag.lower()}@example.org",
            password=PASSWORD,
            roles=["agency_submitter"],
        )
        agency_member_add(agency=agency, user=user, by=None)
    try:
        yield {
            "country": kn,
            "indicator": indicator,
            "client": sign_in(client_for("kn.localhost"), kn, user.username),
        }
    finally:
        with tenant_context(kn):
            with connection.cursor() as cursor:
                # Thousands of values: deleted by the ORM, each would write its history row first.
                cursor.execute("DELETE FROM indicators_observation WHERE indicator_id = %s", [indicator.pk])
            SubmissionUpload.objects.filter(indicator=indicator).delete()
            Indicator.objects.filter(pk=indicator.pk).delete()
            Agency.objects.filter(pk=agency.pk).delete()
            get_user_model().objects.filter(pk=user.pk).delete()
            Observation.history.filter(indicator_id=indicator.pk).delete()
            Indicator.history.filter(id=indicator.pk).delete()
            Agency.history.filter(id=agency.pk).delete()
            AgencyMember.history.filter(agency_id=agency.pk).delete()
            get_user_model().history.filter(id=user.pk).delete()


@pytest.fixture
def committed(countries, django_db_blocker, media) -> Iterator[dict]:
    """A submitter of an agency and indicator of this test only, committed (committed_submitter)."""
    with django_db_blocker.unblock(), committed_submitter(countries["kn"], "T") as made:
        yield made


def wait_for(kn, pk: int, done: Callable[[SubmissionUpload], bool], timeout: float = 60) -> SubmissionUpload:
    """The upload as soon as `done` says so (read through this thread's own connection, as the page is)."""
    deadline = time.monotonic() + timeout
    while True:
        with tenant_context(kn):
            found = SubmissionUpload.objects.get(pk=pk)
        if done(found) or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def test_a_large_file_is_checked_in_the_background_and_accepted_whole(committed, queue, media):
    kn, indicator, client = committed["country"], committed["indicator"], committed["client"]
    content = values_file(12_000)  # more than a request checks, too
    with TableLocked(f'"{kn.schema_name}".indicators_observation'):
        answer = upload(client, indicator, content)
        assert answer.status_code == 302
        pk = int(answer["Location"].rstrip("/").rsplit("/", 1)[1])
        # Read and checked, the values wait for the lock to be saved: the page says how far it is.
        checking = wait_for(kn, pk, lambda found: found.rows_checked == 12_000 or found.finished)
        assert (checking.state, checking.rows_total, checking.rows_checked) == ("checking", 12_000, 12_000)
        text = client.get(answer["Location"]).content.decode()
        assert "Checked 12000 of 12000 rows." in text and 'http-equiv="refresh"' in text
        assert values_of(kn, indicator) == 0
    accepted = wait_for(kn, pk, lambda found: found.finished)
    assert (accepted.state, accepted.values_saved, accepted.file.name) == ("accepted", 12_000, "")
    with tenant_context(kn):
        values = Observation.objects.filter(indicator=indicator)
        assert values.count() == 12_000 and set(values.values_list("state", flat=True)) == {"submitted"}
        assert values.get(period="1901-Q1", key="").value == 42  # both sexes, every section
    text = client.get(answer["Location"]).content.decode()
    assert "12000 values are submitted for approval." in text and 'http-equiv="refresh"' not in text
    assert not any(media.rglob("*.csv"))  # the file is deleted once its values are saved


def test_a_large_bad_file_is_refused_whole_with_its_error_report(committed, queue, media):
    kn, indicator, client = committed["country"], committed["indicator"], committed["client"]
    bad = {
        3: "1901-Q1,SEX_X,,1,,,",
        5000: "1901-Q1,,,2,,,",  # the period and breakdown of row 2 again
        9001: "2031-Q5,,,3,,,",
    }
    answer = upload(client, indicator, values_file(9000, bad=bad))
    pk = int(answer["Location"].rstrip("/").rsplit("/", 1)[1])
    refused = wait_for(kn, pk, lambda found: found.finished)
    assert refused.state == "refused" and values_of(kn, indicator) == 0
    assert [(row, column) for row, column, _message in refused.errors] == [
        (3, "SEX"),
        (5000, "period"),
        (9001, "period"),
    ]
    assert refused.file.name == "" and not any(media.rglob("*.csv"))  # nothing kept but the errors
    page = client.get(answer["Location"]).content.decode()
    assert "The file is refused: nothing was submitted" in page and "SEX_X is not a code" in page
    assert "Row 2 already gives this period and breakdown." in page
    report = client.get(f"{answer['Location']}errors.csv")
    assert report.status_code == 200 and report["Content-Type"] == "text/csv"
    lines = report.content.decode().splitlines()
    assert lines[0] == "row,column,message" and len(lines) == 4 and lines[1].startswith("3,SEX,")


def test_a_file_whose_check_was_lost_is_checked_again(committed, queue, media):
    kn, indicator = committed["country"], committed["indicator"]
    with tenant_context(kn):
        submitter = AgencyMember.objects.get(agency=indicator.agency).user
        lost = SubmissionUpload(indicator=indicator, name="tourism.csv", uploaded_by=submitter)
        lost.file.save("tourism.csv", ContentFile(values_file(500)), save=False)
        lost.save()  # as if the broker was down when its check was sent: nothing checks it
        assert indicators_uploads_resend() == 0  # just received: its check may still come
        SubmissionUpload.objects.filter(pk=lost.pk).update(
            created_at=timezone.now() - datetime.timedelta(minutes=20)
        )
        assert indicators_uploads_resend() == 1
    accepted = wait_for(kn, lost.pk, lambda found: found.finished)
    assert (accepted.state, accepted.values_saved) == ("accepted", 500)
    with tenant_context(kn):
        assert indicators_uploads_resend() == 0  # decided: never checked again
