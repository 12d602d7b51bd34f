"""Agency submissions: a partner agency's submitters submit the values of its indicators by the form, a
CSV or Excel file, or the API, accepted whole or refused whole with the errors by row; an LMIS
administrator approves or rejects them; nobody submits another agency's values, nor another country's."""

import io

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from modules.indicators.models import Observation
from modules.indicators.services import (
    agency_member_add,
    agency_save,
    indicator_save,
    observations_approve,
    observations_submit,
)
from modules.indicators.submissions import SubmissionRefused
from tests.support import client_for, sign_in, user_in

HEADER = "period,SEX,ECO,value,numerator,denominator,flag"


@pytest.fixture
def tourism(kn):
    """The tourism board's indicator (annual and quarterly, by sex and economic activity), with the
    country's submitter as its member; and the national insurance's own indicator."""
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
        indicator_save(
            values={
                "code": "KN_NIS_CONTRIB_NB",
                "name": "Contributors",
                "unit": "NB",
                "frequencies": ["A"],
                "agency": insurance,
            },
            version=None,
            by=None,
        )
        agency_member_add(agency=board, user=user_in(kn, "agency_submitter"), by=user_in(kn, "lmis_admin"))
        return indicator


@pytest.fixture
def submitter(kn, tourism):
    return sign_in(client_for("kn.localhost"), kn, "agency_submitter")


@pytest.fixture
def admin(kn):
    with tenant_context(kn):
        TOTP.activate(user_in(kn, "lmis_admin"), generate_totp_secret())
    return sign_in(client_for("kn.localhost"), kn, "lmis_admin")


def saved(kn, indicator) -> list[Observation]:
    with tenant_context(kn):
        return list(Observation.objects.filter(indicator=indicator).order_by("period", "key"))


def upload(client, indicator, name: str, content: bytes):
    return client.post(
        f"/indicators/submit/{indicator.pk}/upload/", {"file": SimpleUploadedFile(name, content)}
    )


def test_the_submitter_sees_their_agencys_indicators_and_submits_a_value_by_the_form(kn, submitter, tourism):
    start = submitter.get("/indicators/submit/")
    assert start.status_code == 200
    assert [indicator.code for indicator in start.context["indicators"]] == ["KN_TOUR_EMP_SEX_ECO_NB"]
    assert submitter.get(f"/indicators/submit/{tourism.pk}/").status_code == 200
    done = submitter.post(
        f"/indicators/submit/{tourism.pk}/",
        {"period": "2025-Q1", "SEX": "SEX_F", "ECO": "ECO_ISIC4_I", "value": "1250", "flag": "E"},
    )
    assert done.status_code == 302, done.context["form"].errors
    (value,) = saved(kn, tourism)
    assert (value.period, value.key, value.value, value.flag) == (
        "2025-Q1",
        "ECO=ECO_ISIC4_I|SEX=SEX_F",
        1250,
        "E",
    )
    assert (value.origin, value.state, value.submitted_by) == (
        "submitted",
        "submitted",
        "kn:agency_submitter",
    )
    refused = submitter.post(f"/indicators/submit/{tourism.pk}/", {"period": "2025-03", "value": "12"})
    assert refused.status_code == 200
    assert refused.context["form"].errors["period"] == [
        "2025-03 is not a period of this indicator, whose values are: Annual (2025), Quarterly (2025-Q1)."
    ]
    assert len(saved(kn, tourism)) == 1


def test_a_csv_file_filled_in_from_the_template_is_submitted_whole(kn, submitter, tourism):
    template = submitter.get(f"/indicators/submit/{tourism.pk}/template.csv")
    assert template.status_code == 200 and template.content.decode().strip() == f"{HEADER},comment"
    content = f"{HEADER}\n2025,,,4100,,,\n2025,SEX_F,,2300,,,P\n2025,SEX_M,ECO_ISIC4_I,1800,,,\n".encode()
    done = upload(submitter, tourism, "tourism.csv", content)
    assert done.status_code == 302
    assert [(v.key, v.value, v.flag) for v in saved(kn, tourism)] == [
        ("", 4100, ""),
        ("ECO=ECO_ISIC4_I|SEX=SEX_M", 1800, ""),
        ("SEX=SEX_F", 2300, "P"),
    ]


def test_an_excel_file_from_the_template_is_submitted_whole(kn, submitter, tourism):
    template = submitter.get(f"/indicators/submit/{tourism.pk}/template.xlsx")
    workbook = load_workbook(io.BytesIO(template.content))
    sheet = workbook.active
    assert [cell.value for cell in sheet[1]] == [*HEADER.split(","), "comment"]
    sheet.append([2025, "SEX_F", None, 2300.5, None, None, None])
    sheet.append(["2025-Q2", None, "ECO_ISIC4_I", 900, None, None, "E"])
    out = io.BytesIO()
    workbook.save(out)
    assert upload(submitter, tourism, "tourism.xlsx", out.getvalue()).status_code == 302
    assert [(v.period, v.key, v.value) for v in saved(kn, tourism)] == [
        ("2025", "SEX=SEX_F", 2300.5),
        ("2025-Q2", "ECO=ECO_ISIC4_I", 900),
    ]


PERIOD_REFUSAL = (
    "2025-03 is not a period of this indicator, whose values are: Annual (2025), Quarterly (2025-Q1)."
)
GOOD = "2025,SEX_F,ECO_ISIC4_I,10,,,\n"


@pytest.mark.parametrize(
    ("content", "row", "column", "message"),
    [
        (
            f'{HEADER}\n{GOOD}2025,SEX_M,"ECO_ISIC4_I,12,,,\n',
            "3",
            "",
            "The file is not well-formed CSV: line 3 cannot be read (a quotation mark left open?).",
        ),
        (
            "SEX;value\nSEX_F;1\n",
            "1",
            "",
            "The first row must name the columns, as the template does; period missing.",
        ),
        (
            f"{HEADER}\n{GOOD}2025,SEX_X,,10,,,\n",
            "3",
            "SEX",
            "SEX_X is not a code of this dimension (SEX_F, SEX_M, SEX_O).",
        ),
        (
            f"{HEADER}\n{GOOD}2025,,ECO_ISIC4_9,10,,,\n",
            "3",
            "ECO",
            "ECO_ISIC4_9 is not a code of this dimension (ECO_ISIC4_A … ECO_ISIC4_U).",
        ),
        (
            f"{HEADER}\n{GOOD}2025-03,SEX_M,,10,,,\n",
            "3",
            "period",
            PERIOD_REFUSAL,
        ),
        (
            f"{HEADER}\n{GOOD}2025-Q5,SEX_M,,10,,,\n",
            "3",
            "period",
            "Write the period as a year (2026), a quarter (2026-Q2) or a month (2026-06).",
        ),
        (
            f"{HEADER}\n{GOOD}0000,SEX_M,,10,,,\n",
            "3",
            "period",
            "Write the period as a year (2026), a quarter (2026-Q2) or a month (2026-06).",
        ),
        (f"{HEADER}\n{GOOD}{GOOD}", "3", "period", "Row 2 already gives this period and breakdown."),
        (
            f"{HEADER}\n{GOOD}2025,SEX_M,,twelve,,,\n",
            "3",
            "value",
            "twelve is not a number: write it with a point for decimals, such as 1234.5.",
        ),
        (f"{HEADER}\n{GOOD}2025,SEX_M,,,,,\n", "3", "value", "Give the value."),
        (
            f"{HEADER}\n{GOOD}2025,SEX_M,,10,,,Z\n",
            "3",
            "flag",
            "Z is not an ILOSTAT observation flag (A, B, C, E, M, P, S, U, R, I).",
        ),
    ],
    ids=[
        "malformed-csv",
        "no-header",
        "wrong-sex-code",
        "wrong-isic-section",
        "period-outside-periodicity",
        "not-a-period",
        "year-zero",
        "duplicate-rows",
        "non-numeric-value",
        "no-value",
        "unknown-flag",
    ],
)
def test_a_bad_file_is_refused_whole_with_a_report_of_its_errors(
    kn, submitter, tourism, content, row, column, message
):
    refused = upload(submitter, tourism, "tourism.csv", content.encode())
    assert refused.status_code == 200
    assert [(str(e.row), e.column, e.message) for e in refused.context["errors"]] == [(row, column, message)]
    assert message in refused.content.decode()
    assert saved(kn, tourism) == []  # not even the good row
    report = submitter.get(f"/indicators/submit/{tourism.pk}/upload/errors.csv")
    assert report.status_code == 200 and report["Content-Type"] == "text/csv"
    lines = report.content.decode().splitlines()
    assert lines[0] == "row,column,message" and len(lines) == 2 and message in lines[1]


def test_files_that_are_not_csv_or_excel_are_refused(kn, submitter, tourism):
    for name, content, message in (
        ("tourism.xlsx", b"not a workbook", "The file is not an Excel workbook (.xlsx)."),
        ("tourism.csv", "période\n".encode("latin-1"), "The file is not a CSV file in UTF-8"),
        ("tourism.pdf", b"%PDF", "Upload a .csv or an .xlsx file."),
        ("tourism.csv", b"", "The submitted file is empty."),
    ):
        refused = upload(submitter, tourism, name, content)
        assert refused.status_code == 200 and message in refused.content.decode(), name
    assert saved(kn, tourism) == []


def test_another_agencys_indicator_is_refused_by_every_channel_and_nothing_is_saved(kn, submitter, tourism):
    with tenant_context(kn):
        contributions = tourism.__class__.objects.get(code="KN_NIS_CONTRIB_NB")
        with pytest.raises(SubmissionRefused) as refused:
            observations_submit(
                indicator=contributions,
                rows=[{"period": "2025", "value": "5"}],
                by=user_in(kn, "agency_submitter"),
            )
        assert refused.value.messages == ["Your agency does not submit the values of KN_NIS_CONTRIB_NB."]
        computed = tourism.__class__.objects.get(code="CMP_RECV_SEX_CAT_NB")
    for indicator in (contributions, computed):
        assert submitter.get(f"/indicators/submit/{indicator.pk}/").status_code == 404
        assert (
            submitter.post(
                f"/indicators/submit/{indicator.pk}/", {"period": "2025", "value": "5"}
            ).status_code
            == 404
        )
        file = b"period,value\n2025,5\n"
        assert upload(submitter, indicator, "x.csv", file).status_code == 404
        assert submitter.get(f"/indicators/submit/{indicator.pk}/template.csv").status_code == 404
        api = submitter.post(
            f"/api/v1/indicators/{indicator.pk}/values/",
            [{"period": "2025", "value": "5"}],
            content_type="application/json",
        )
        assert api.status_code == 404
        assert saved(kn, indicator) == []


def test_the_api_submits_rows_whole_or_answers_the_errors_by_row(kn, submitter, tourism):
    url = f"/api/v1/indicators/{tourism.pk}/values/"
    refused = submitter.post(
        url,
        [
            {"period": "2025", "value": "10"},
            {"period": "2025", "SEX": "SEX_Q", "value": "x"},
            {"period": "2025", "value": 11},
        ],
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert refused.json()["errors"] == {
        "2": {
            "SEX": ["SEX_Q is not a code of this dimension (SEX_F, SEX_M, SEX_O)."],
            "value": ["x is not a number: write it with a point for decimals, such as 1234.5."],
        },
        "3": {"period": ["Row 1 already gives this period and breakdown."]},
    }
    assert saved(kn, tourism) == []
    done = submitter.post(
        url,
        [{"period": "2025", "value": 10}, {"period": "2025-Q1", "SEX": "SEX_F", "value": "2.5", "flag": "p"}],
        content_type="application/json",
    )
    assert done.status_code == 201
    assert [(row["period"], row["dimensions"], row["state"]) for row in done.json()] == [
        ("2025", {}, "submitted"),
        ("2025-Q1", {"SEX": "SEX_F"}, "submitted"),
    ]
    assert [v.flag for v in saved(kn, tourism)] == ["", "P"]


def test_a_published_value_submitted_again_is_a_revision_waiting_for_approval(kn, submitter, tourism):
    submitter.post(f"/indicators/submit/{tourism.pk}/", {"period": "2025", "value": "4100"})
    with tenant_context(kn):
        observations_approve(
            observations=Observation.objects.filter(indicator=tourism), by=user_in(kn, "lmis_admin")
        )
    submitter.post(f"/indicators/submit/{tourism.pk}/", {"period": "2025", "value": "4150"})
    (revised,) = saved(kn, tourism)
    assert (revised.value, revised.previous_value, revised.state, revised.version) == (
        4150,
        4100,
        "submitted",
        3,
    )


def test_the_administrator_approves_with_an_embargo_and_rejects_with_a_reason_from_the_values_page(
    kn, submitter, admin, tourism
):
    content = f"{HEADER}\n2025,,,4100,,,\n2025,SEX_F,,2300,,,\n".encode()
    upload(submitter, tourism, "tourism.csv", content)
    total, women = saved(kn, tourism)
    page = admin.get(f"/indicators/values/?indicator={tourism.pk}&state=submitted")
    assert page.status_code == 200 and list(page.context["values"]) == [total, women]
    assert admin.get("/indicators/values/").context["total"] >= 2  # waiting ones by default
    approved = admin.post(
        f"/indicators/values/?indicator={tourism.pk}",
        {"selected": [total.pk], "decision": "approve", "approve-publish_at": "2026-01-15T09:30"},
    )
    assert approved.status_code == 302
    refused = admin.post(
        "/indicators/values/", {"selected": [women.pk], "decision": "reject", "reject-reason": " "}
    )
    assert refused.status_code == 200 and refused.context["reject"].errors
    admin.post(
        "/indicators/values/",
        {"selected": [women.pk], "decision": "reject", "reject-reason": "Sum above total?"},
    )
    total, women = saved(kn, tourism)
    assert (total.state, total.decided_by) == ("approved", "kn:lmis_admin")
    assert total.publish_at.isoformat().startswith("2026-01-15T")
    assert (women.state, women.rejection_reason) == ("rejected", "Sum above total?")
    again = admin.post(
        "/indicators/values/", {"selected": [total.pk], "decision": "reject", "reject-reason": "No"}
    )
    assert "not waiting for approval" in again.content.decode()
    assert saved(kn, tourism)[0].state == "approved"
    start = submitter.get("/indicators/submit/").content.decode()
    assert "Sum above total?" in start


def test_administrators_add_and_remove_an_agencys_submitters(kn, admin, tourism):
    submitter_user = user_in(kn, "agency_submitter")
    with tenant_context(kn):
        board = tourism.agency
        insurance = tourism.agency.__class__.objects.get(name="Social Security Board")
    page = admin.get(f"/indicators/agencies/{board.pk}/")
    assert "agency_submitter" in page.content.decode()
    # One agency at a time; only submitters.
    admin.post(f"/indicators/agencies/{insurance.pk}/members/", {"user": submitter_user.pk})
    with tenant_context(kn):
        assert list(insurance.members.all()) == []
        with pytest.raises(ValidationError):
            agency_member_add(agency=insurance, user=user_in(kn, "officer"), by=None)
    removed = admin.post(f"/indicators/agencies/{board.pk}/members/{submitter_user.pk}/remove/")
    assert removed.status_code == 302
    client = sign_in(client_for("kn.localhost"), kn, "agency_submitter")
    assert client.get(f"/indicators/submit/{tourism.pk}/").status_code == 404
    assert "You do not submit for an agency yet" in client.get("/indicators/submit/").content.decode()
    assert (
        admin.post(f"/indicators/agencies/{insurance.pk}/members/", {"user": submitter_user.pk}).status_code
        == 302
    )
    with tenant_context(kn):
        assert [m.user for m in insurance.members.all()] == [submitter_user]


def test_who_may_do_what(kn, submitter, tourism):
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    statistician = sign_in(client_for("kn.localhost"), kn, "statistician")
    assert officer.get("/indicators/submit/").status_code == 403
    assert (
        officer.post(f"/indicators/submit/{tourism.pk}/", {"period": "2025", "value": "1"}).status_code == 403
    )
    assert (
        officer.post(
            f"/api/v1/indicators/{tourism.pk}/values/", [], content_type="application/json"
        ).status_code
        == 403
    )
    assert statistician.get("/indicators/values/").status_code == 403
    assert submitter.get("/indicators/values/").status_code == 403
    submitter.post(f"/indicators/submit/{tourism.pk}/", {"period": "2025", "value": "1"})
    (value,) = saved(kn, tourism)
    assert (
        submitter.post("/indicators/values/", {"selected": [value.pk], "decision": "approve"}).status_code
        == 403
    )
    with tenant_context(kn):
        agency = tourism.agency
    other = user_in(kn, "statistician")
    assert (
        statistician.post(f"/indicators/agencies/{agency.pk}/members/", {"user": other.pk}).status_code == 403
    )
    assert submitter.post(f"/indicators/agencies/{agency.pk}/members/{value.pk}/remove/").status_code == 403
    assert [(v.state, v.value) for v in saved(kn, tourism)] == [("submitted", 1)]


def test_a_submitter_of_another_country_reaches_nothing_here(kn, lc, submitter, tourism):
    with tenant_context(lc):
        ministry = agency_save(values={"name": "Tourism Authority", "kind": "other"}, version=None, by=None)
        agency_member_add(agency=ministry, user=user_in(lc, "agency_submitter"), by=None)
    lc_submitter = sign_in(client_for("lc.localhost"), lc, "agency_submitter")
    assert lc_submitter.get("/indicators/submit/").context["indicators"].count() == 0
    assert lc_submitter.get(f"/indicators/submit/{tourism.pk}/").status_code == 404
    assert (
        lc_submitter.post(f"/indicators/submit/{tourism.pk}/", {"period": "2025", "value": "9"}).status_code
        == 404
    )
    api = lc_submitter.post(
        f"/api/v1/indicators/{tourism.pk}/values/",
        [{"period": "2025", "value": "9"}],
        content_type="application/json",
    )
    assert api.status_code == 404
    # Signed in to lc, the session is not valid on kn.
    assert lc_submitter.get(f"/indicators/submit/{tourism.pk}/", HTTP_HOST="kn.localhost").status_code in (
        302,
        403,
        404,
    )
    assert saved(kn, tourism) == []


def test_an_sdmx_csv_file_is_read_as_the_template_and_checked_the_same_way(kn, submitter, tourism):
    header = "DATAFLOW,REF_AREA,INDICATOR,SEX,ECO,TIME_PERIOD,OBS_VALUE,OBS_STATUS"
    rows = [
        "CLMIS:KN_TOUR(1.0),KNA,KN_TOUR_EMP_SEX_ECO_NB,_T,_T,2025,4100,",
        "CLMIS:KN_TOUR(1.0),KNA,KN_TOUR_EMP_SEX_ECO_NB,SEX_F,ECO_ISIC4_TOTAL,2025,2300,P",
        "CLMIS:KN_TOUR(1.0),KNA,KN_TOUR_EMP_SEX_ECO_NB,SEX_M,ECO_ISIC4_I,2025,1800,",
        "CLMIS:KN_TOUR(1.0),KNA,KN_TOUR_EMP_SEX_ECO_NB,SEX_T,ECO_ISIC4_T,2025,12,",
    ]
    done = upload(submitter, tourism, "tourism.csv", "\n".join([header, *rows]).encode())
    assert done.status_code == 302
    assert [(v.key, v.value, v.flag) for v in saved(kn, tourism)] == [
        ("", 4100, ""),
        ("ECO=ECO_ISIC4_I|SEX=SEX_M", 1800, ""),
        ("ECO=ECO_ISIC4_T", 12, ""),  # households as employers (ISIC section T), not a total
        ("SEX=SEX_F", 2300, "P"),
    ]


def test_an_sdmx_csv_file_about_another_country_or_indicator_is_refused_whole(kn, submitter, tourism):
    header = "DATAFLOW,REF_AREA,INDICATOR,SEX,ECO,TIME_PERIOD,OBS_VALUE"
    rows = [
        "X,LCA,KN_TOUR_EMP_SEX_ECO_NB,_T,_T,2024,10",
        "X,KNA,OTHER_CODE,_T,_T,2023,10",
        "X,KN,KN_TOUR_EMP_SEX_ECO_NB,SEX_F,_T,2022,5",
    ]
    refused = upload(submitter, tourism, "tourism.csv", "\n".join([header, *rows]).encode())
    errors = {(error.row, error.column) for error in refused.context["errors"]}
    assert errors == {(2, "REF_AREA"), (3, "INDICATOR")}
    assert saved(kn, tourism) == []


def test_thousands_of_values_are_written_in_a_few_statements_with_their_history(
    kn, tourism, django_assert_max_num_queries
):
    """As many statements for 2,400 values as for a few (a file checked in the background may hold a
    hundred thousand), and each value's history says who created it and who gave it again."""
    # Parts that make their totals (validation_rules): a woman and a man in each of four sections.
    sexes, sections = (
        {"": 2, "SEX_F": 1, "SEX_M": 1, "SEX_O": 0},
        {"": 4, "ECO_ISIC4_A": 1, "ECO_ISIC4_I": 1, "ECO_ISIC4_P": 1, "ECO_ISIC4_Q": 1},
    )
    rows = [
        {"period": f"{year}-Q{quarter}", "SEX": sex, "ECO": eco, "value": str(sexes[sex] * sections[eco])}
        for year in range(2001, 2031)
        for quarter in range(1, 5)
        for sex in sexes
        for eco in sections
    ]
    with tenant_context(kn):
        by = user_in(kn, "agency_submitter")
        with django_assert_max_num_queries(20):
            observations_submit(indicator=tourism, rows=rows[:2000], by=by)
        rows = [{**row, "value": str(int(row["value"]) * 7)} for row in rows]
        with django_assert_max_num_queries(20):
            saved = observations_submit(indicator=tourism, rows=rows, by=by)
        assert len(saved) == 2400 and all(observation.pk for observation in saved)
        values = Observation.objects.filter(indicator=tourism)
        assert values.count() == 2400
        assert {(o.key, o.value) for o in values.filter(period="2030-Q4")} >= {("", 56), ("SEX=SEX_F", 28)}
        assert values.filter(version=2).count() == 2000 and values.filter(version=1).count() == 400
        first = values.get(period="2001-Q1", key="SEX=SEX_F")
        assert [(h.history_type, h.actor, h.value) for h in first.history.order_by("history_id")] == [
            ("+", "kn:agency_submitter", 4),
            ("~", "kn:agency_submitter", 28),
        ]
