"""Vacancies (Form 25) and work requests: lifecycles through the API and the pages, posts filled by the
services the matching module calls, refusals, roles, reports, demo data and isolation between countries."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from modules.casework.services import case_transition
from modules.employers.demo import employers_demo
from modules.employers.services import employer_save
from modules.reference.selectors import code_lookup
from modules.registry import dependants_of
from modules.reports.periods import period_parse
from modules.vacancies.demo import vacancies_demo
from modules.vacancies.models import Vacancy, WorkRequest
from modules.vacancies.reports import (
    BY_DISTRICT,
    BY_OCCUPATION,
    BY_STATUS,
    POSTS_BY_OCCUPATION_AND_ACTIVITY,
    WORK_REQUESTS_WORKFLOW,
    WORKFLOW,
)
from modules.vacancies.selectors import vacancies_open
from modules.vacancies.services import (
    vacancy_post_filled,
    vacancy_post_released,
    vacancy_register,
    vacancy_update,
    work_request_receive,
)
from tenants.services import module_disable, module_enable
from tests.support import client_for, sign_in, user_in

TODAY = datetime.date.today()
IN_A_MONTH = TODAY + datetime.timedelta(days=30)


@pytest.fixture
def employer(kn):
    with tenant_context(kn):
        return employer_save(
            values={
                "name": "Frigate Bay Resort",
                "registration_number": "C-9301",
                "isic": code_lookup("isic4", "5510"),
                "district": code_lookup("district", "KN-03"),
            },
            version=None,
            by=None,
        )


@pytest.fixture
def builder(kn):
    with tenant_context(kn):
        return employer_save(
            values={
                "name": "Nevis Construction Ltd",
                "isic": code_lookup("isic4", "4100"),
                "district": code_lookup("district", "KN-10"),
            },
            version=None,
            by=None,
        )


@pytest.fixture
def officer(kn):
    return sign_in(client_for("kn.localhost"), kn, "officer")


@pytest.fixture
def supervisor(kn):
    return sign_in(client_for("kn.localhost"), kn, "supervisor")


def _new(client, employer_pk, **extra):
    payload = {
        "employer": employer_pk,
        "title": "Line cook",
        "occupation": "5120",
        "posts": 3,
        "skills": ["FOOD_HYGIENE", "CUSTOMER"],
        "languages": ["en"],
        "education_level": "2",
        "experience_years": 2,
        "wage_min": "520.00",
        "wage_max": "600.00",
        "wage_period": "week",
        "hours_per_week": 40,
        "contract": "permanent",
        "hours": "full_time",
        "closes_on": str(IN_A_MONTH),
        **extra,
    }
    return client.post("/api/v1/vacancies/", payload, content_type="application/json")


def _act(client, pk, action, version, **values):
    return client.post(
        f"/api/v1/cases/{pk}/transitions/",
        {"action": action, "version": version, "values": values},
        content_type="application/json",
    )


def _register(kn, employer, **values) -> Vacancy:
    with tenant_context(kn):
        return vacancy_register(
            values={
                "employer": employer,
                "title": "Room attendant",
                "occupation": code_lookup("isco08", "9112"),
                "posts": 2,
                "contract": "seasonal",
                "closes_on": IN_A_MONTH,
                **values,
            },
            by=user_in(kn, "officer"),
        )


def test_a_vacancy_is_registered_filled_post_by_post_released_and_open_again(officer, employer, kn):
    made = _new(officer, employer.pk)
    assert made.status_code == 201, made.content
    vacancy = made.json()
    assert vacancy["reference"].startswith("VAC-") and vacancy["status"] == "open"
    assert vacancy["occupation_title"] == "Cooks" and vacancy["employer_name"] == "Frigate Bay Resort"
    # The employer's district unless given; the codes as written, and the matching profile beside them.
    assert vacancy["district"] == "KN-03" and vacancy["posts_filled"] == 0
    assert sorted(vacancy["skills"]) == ["CUSTOMER", "FOOD_HYGIENE"] and vacancy["languages"] == ["en"]
    assert vacancy["match_skills"] == ["CUSTOMER", "FOOD_HYGIENE"] and vacancy["match_languages"] == ["en"]
    pk = vacancy["id"]

    with tenant_context(kn):
        placer = user_in(kn, "officer")
        record = Vacancy.objects.get(pk=pk)
        assert record in vacancies_open()
        vacancy_post_filled(vacancy=record, by=placer)
        vacancy_post_filled(vacancy=record, by=placer)
        assert (record.posts_filled, record.status) == (2, "open")
        vacancy_post_filled(vacancy=record, by=placer)
        record.refresh_from_db()
        assert (record.posts_filled, record.status, record.closed_on) == (3, "filled", TODAY)
        assert record not in vacancies_open()
        with pytest.raises(ValidationError) as refused:
            vacancy_post_filled(vacancy=record, by=placer)
        assert "is filled: posts are filled only while it is open" in refused.value.messages[0]
        # A placement recorded by mistake: the vacancy is open again with a post to fill.
        vacancy_post_released(vacancy=record, by=placer)
        record.refresh_from_db()
        assert (record.posts_filled, record.status, record.closed_on) == (2, "open", None)

    detail = officer.get(f"/api/v1/vacancies/{pk}/").json()
    assert detail["posts_filled"] == 2 and detail["status"] == "open"
    timeline = [e["text"] for e in officer.get(f"/api/v1/cases/{pk}/events/").json()["results"]]
    assert "Post filled: 1 of 3." in timeline and "Open → Filled. Post filled: 3 of 3." in timeline
    assert "Filled → Open. Post released: 2 of 3 filled." in timeline
    # Filling is for placements only: neither offered on the page nor taken through the case API.
    refused = _act(officer, pk, "fill", detail["version"])
    assert refused.status_code == 400 and "Possible now: Close" in str(refused.json())
    page = officer.get(f"/vacancies/{pk}/").content.decode()
    assert "All posts filled" not in page and "3, of which 2 filled" in page
    # The posts filled are counted, never written.
    written = officer.patch(
        f"/api/v1/vacancies/{pk}/",
        {"posts_filled": 0, "version": detail["version"]},
        content_type="application/json",
    )
    assert written.status_code == 200 and written.json()["posts_filled"] == 2


def test_fewer_posts_than_filled_are_refused_and_as_many_fill_the_vacancy(officer, employer, kn):
    vacancy = _register(kn, employer, posts=3)
    with tenant_context(kn):
        vacancy_post_filled(vacancy=vacancy, by=user_in(kn, "officer"))
        vacancy_post_filled(vacancy=vacancy, by=user_in(kn, "officer"))
    fewer = officer.patch(
        f"/api/v1/vacancies/{vacancy.pk}/",
        {"posts": 1, "version": vacancy.version},
        content_type="application/json",
    )
    assert fewer.status_code == 400 and "2 posts are filled already" in str(fewer.json()["errors"]["posts"])
    same = officer.patch(
        f"/api/v1/vacancies/{vacancy.pk}/",
        {"posts": 2, "version": vacancy.version},
        content_type="application/json",
    )
    assert same.status_code == 200 and same.json()["status"] == "filled"
    with tenant_context(kn):
        released = Vacancy.objects.get(pk=vacancy.pk)
        vacancy_post_released(vacancy=released, by=user_in(kn, "officer"))
        vacancy_post_released(vacancy=released, by=user_in(kn, "officer"))
        with pytest.raises(ValidationError) as none_left:
            vacancy_post_released(vacancy=released, by=user_in(kn, "officer"))
        assert "there is none to release" in none_left.value.messages[0]
        # Only those who work vacancies fill their posts.
        with pytest.raises(PermissionDenied):
            vacancy_post_filled(vacancy=released, by=user_in(kn, "statistician"))
        released.refresh_from_db()
        assert (released.posts_filled, released.status) == (0, "open")


def test_closing_needs_a_reason_cancelling_and_reopening_are_for_supervisors(
    officer, supervisor, employer, kn
):
    pk = _new(officer, employer.pk).json()["id"]
    missing = _act(officer, pk, "close", 1)
    assert missing.status_code == 400 and set(missing.json()["errors"]) == {"closing_reason"}
    wrong = _act(officer, pk, "close", 1, closing_reason="bored")
    assert wrong.status_code == 400
    closed = _act(officer, pk, "close", 1, closing_reason="date_passed")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    with tenant_context(kn):
        placer = user_in(kn, "officer")
        with pytest.raises(ValidationError) as refused:
            vacancy_post_filled(vacancy=Vacancy.objects.get(pk=pk), by=placer)
        assert "is closed" in refused.value.messages[0]

    assert _act(officer, pk, "reopen", 2).status_code == 403
    later = TODAY + datetime.timedelta(days=60)
    reopened = _act(supervisor, pk, "reopen", 2, closes_on=str(later))
    assert reopened.status_code == 200 and reopened.json()["status"] == "open"
    detail = officer.get(f"/api/v1/vacancies/{pk}/").json()
    assert detail["closing_reason"] == "" and detail["closes_on"] == str(later)
    assert _act(officer, pk, "cancel", 3).status_code == 403
    with tenant_context(kn):
        assert Vacancy.objects.get(pk=pk).status == "open"
        assert Vacancy.history.filter(id=pk, closing_reason="date_passed").exists()  # kept in the history
    cancelled = _act(supervisor, pk, "cancel", 3)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"


def test_changing_skills_keeps_the_matching_profile(officer, employer, kn):
    made = _new(officer, employer.pk).json()
    changed = officer.patch(
        f"/api/v1/vacancies/{made['id']}/",
        {"skills": ["COMPUTER"], "languages": ["en", "es"], "version": made["version"]},
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["match_skills"] == ["COMPUTER"] and changed.json()["match_languages"] == [
        "en",
        "es",
    ]
    with tenant_context(kn):
        vacancy = Vacancy.objects.get(pk=made["id"])
        assert list(vacancy.skills.values_list("code", flat=True)) == ["COMPUTER"]
        # The vacancies asking for a skill, by the array (what the matching module queries).
        assert Vacancy.objects.filter(match_skills__overlap=["COMPUTER", "WELDING"]).get() == vacancy
        skills_before = [entry.match_skills for entry in vacancy.history.order_by("history_date")]
        assert skills_before[0] == ["CUSTOMER", "FOOD_HYGIENE"] and skills_before[-1] == ["COMPUTER"]
        vacancy_update(
            vacancy=vacancy, values={"title": "Cook"}, version=vacancy.version, by=user_in(kn, "officer")
        )
        vacancy.refresh_from_db()
        assert vacancy.match_skills == ["COMPUTER"]  # untouched when the skills are not given


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"wage_min": "700.00", "wage_max": "600.00"}, "wage_max", "cannot be less than the wage from"),
        ({"wage_min": "-5.00"}, "wage_min", "A wage cannot be negative."),
        ({"wage_period": ""}, "wage_period", "per hour, day, week, fortnight or month"),
        (
            {
                "opened_on": str(TODAY - datetime.timedelta(days=5)),
                "closes_on": str(TODAY - datetime.timedelta(days=6)),
            },
            "closes_on",
            "cannot be before the vacancy was registered",
        ),
        ({"posts": 0}, "posts", "A vacancy has at least one post."),
        ({"occupation": "5199"}, "occupation", "is not a code of"),
        ({"occupation": "512"}, "occupation", "is not a code of"),
        ({"skills": ["FOOD_HYGIENE", "JUGGLING"]}, "skills", "JUGGLING is not a code of Skills"),
        ({"languages": ["xx"]}, "languages", "is not a code of Languages"),
        ({"hours_per_week": 90}, "hours_per_week", "less than or equal to 84"),
        ({"experience_years": -1}, "experience_years", "greater than or equal to 0"),
        ({"contract": "forever"}, "contract", "not a valid choice"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(officer, employer, kn, change, field, message):
    with tenant_context(kn):
        before = Vacancy.objects.count()
    refused = _new(officer, employer.pk, **change)
    assert refused.status_code == 400, refused.content
    assert message in " ".join(str(m) for m in refused.json()["errors"][field])
    with tenant_context(kn):
        assert Vacancy.objects.count() == before


def test_a_vacancy_from_a_work_request_by_the_api(officer, supervisor, employer, builder, kn):
    made = officer.post(
        "/api/v1/vacancies/work-requests/",
        {
            "employer": employer.pk,
            "contact_person": "Ann Liburd",
            "occupation": "9112",
            "posts": 4,
            "description": "Room attendants for the winter season.",
            "needed_by": str(IN_A_MONTH),
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    request = made.json()
    assert request["reference"].startswith("WRQ-") and request["status"] == "received"
    assert request["vacancies"] == []
    early = officer.post(
        "/api/v1/vacancies/work-requests/",
        {
            "employer": employer.pk,
            "occupation": "9112",
            "posts": 1,
            "needed_by": str(TODAY - datetime.timedelta(days=1)),
        },
        content_type="application/json",
    )
    assert early.status_code == 400 and "needed_by" in early.json()["errors"]

    other = _new(officer, builder.pk, work_request=request["id"])
    assert other.status_code == 400 and "is for its employer, Frigate Bay Resort" in str(
        other.json()["errors"]
    )
    vacancy = _new(
        officer, employer.pk, occupation="9112", title="Room attendant", posts=4, work_request=request["id"]
    )
    assert vacancy.status_code == 201, vacancy.content
    assert vacancy.json()["work_request_reference"] == request["reference"]
    after = officer.get(f"/api/v1/vacancies/work-requests/{request['id']}/").json()
    # Recruiting has begun: the request is in progress and lists its vacancy.
    assert after["status"] == "in_progress" and after["vacancies"] == [vacancy.json()["reference"]]
    assert officer.get(f"/api/v1/vacancies/?q={request['reference'][:3]}").status_code == 200

    assert _act(officer, request["id"], "complete", after["version"]).json()["status"] == "completed"
    closed = _new(officer, employer.pk, work_request=request["id"])
    assert closed.status_code == 400 and "reopen it to register vacancies" in str(closed.json()["errors"])
    letter = officer.post(
        f"/api/v1/cases/{request['id']}/letters/",
        {"key": "vacancies/work_request_acknowledgment", "language": "en"},
        content_type="application/json",
    )
    assert letter.status_code == 201
    # A work request writes its own letters, not a vacancy's.
    wrong = officer.post(
        f"/api/v1/cases/{request['id']}/letters/",
        {"key": "vacancies/acknowledgment", "language": "en"},
        content_type="application/json",
    )
    assert wrong.status_code == 400
    with tenant_context(kn):
        html = WorkRequest.objects.get(pk=request["id"]).letters.get().html
    assert "Dear Ann Liburd," in html and "recruit 4 workers as Cleaners and Helpers in Offices" in html
    assert request["reference"] in html


def test_the_pages_register_edit_close_and_print(officer, supervisor, employer, kn):
    form = officer.get("/vacancies/new/").content.decode()
    assert 'name="skills"' in form and "Food hygiene" in form and 'name="education_level"' in form
    page = officer.post(
        "/vacancies/new/",
        {
            "employer": employer.pk,
            "title": "Bartender",
            "occupation": "5132",
            "posts": 2,
            "skills": ["CUSTOMER", "FOOD_HYGIENE"],
            "languages": ["en"],
            "education_level": "3",
            "wage_min": "12.50",
            "wage_period": "hour",
            "contract": "seasonal",
            "hours": "part_time",
            "hours_per_week": 24,
            "opened_on": str(TODAY),
            "closes_on": str(IN_A_MONTH),
        },
        follow=True,
    )
    content = page.content.decode()
    assert "is registered" in content, content[:3000]
    with tenant_context(kn):
        vacancy = Vacancy.objects.get(title="Bartender")
    assert vacancy.district.code == "KN-03" and vacancy.match_skills == ["CUSTOMER", "FOOD_HYGIENE"]
    assert "Customer service, Food hygiene" in content and "Upper secondary education" in content

    edited = officer.post(
        f"/vacancies/{vacancy.pk}/edit/",
        {
            "employer": employer.pk,
            "title": "Bartender",
            "occupation": "5132",
            "posts": 3,
            "skills": ["CUSTOMER"],
            "wage_min": "12.50",
            "wage_max": "10.00",
            "wage_period": "hour",
            "contract": "seasonal",
            "hours": "part_time",
            "opened_on": str(TODAY),
            "closes_on": str(IN_A_MONTH),
            "version": 1,
        },
    )
    assert edited.status_code == 200 and "cannot be less than the wage from" in edited.content.decode()
    edited = officer.post(
        f"/vacancies/{vacancy.pk}/edit/",
        {
            "employer": employer.pk,
            "title": "Bartender",
            "occupation": "5132",
            "posts": 3,
            "skills": ["CUSTOMER"],
            "wage_min": "12.50",
            "wage_max": "15.00",
            "wage_period": "hour",
            "contract": "seasonal",
            "hours": "part_time",
            "opened_on": str(TODAY),
            "closes_on": str(IN_A_MONTH),
            "version": 1,
        },
        follow=True,
    )
    assert "Your changes to" in edited.content.decode()
    with tenant_context(kn):
        vacancy.refresh_from_db()
    assert (
        vacancy.posts == 3 and vacancy.match_skills == ["CUSTOMER"] and vacancy.wage_max == Decimal("15.00")
    )

    close_form = officer.get(f"/cases/{vacancy.pk}/transition/close/").content.decode()
    assert 'name="case-closing_reason"' in close_form and "The employer no longer needs it" in close_form
    closed = officer.post(
        f"/cases/{vacancy.pk}/transition/close/",
        {"case-closing_reason": "not_needed", "action": "close", "version": vacancy.version},
        follow=True,
    )
    assert "The case is now Closed." in closed.content.decode()
    assert officer.get(f"/cases/{vacancy.pk}/transition/reopen/").status_code == 403
    letter = officer.post(
        f"/cases/{vacancy.pk}/letters/", {"key": "vacancies/acknowledgment", "language": "en"}, follow=True
    )
    text = letter.content.decode()
    assert "Your vacancy" in text and "Bartender" in text and "Frigate Bay Resort" in text

    listing = supervisor.get("/vacancies/?status=closed&occupation=5").content.decode()
    assert vacancy.reference in listing
    assert vacancy.reference not in supervisor.get("/vacancies/?occupation=7").content.decode()
    assert vacancy.reference in supervisor.get("/vacancies/?occupation=5132&district=KN-03").content.decode()
    assert vacancy.reference in supervisor.get("/vacancies/?closing_within=31").content.decode()
    assert vacancy.reference not in supervisor.get("/vacancies/?closing_within=29").content.decode()
    assert vacancy.reference in supervisor.get("/vacancies/?q=bartend").content.decode()
    exported = load_workbook(
        io.BytesIO(supervisor.get("/vacancies/export.xlsx?contract=seasonal").getvalue())
    )
    rows = list(exported.active.iter_rows(values_only=True))
    assert vacancy.reference in rows[1] and "Bartender" in rows[1] and 3 in rows[1]
    assert officer.get("/vacancies/export.xlsx").status_code == 403


def test_the_pages_register_a_work_request_and_a_vacancy_from_it(officer, supervisor, employer, kn):
    page = officer.post(
        "/vacancies/work-requests/new/",
        {
            "employer": employer.pk,
            "contact_person": "Ann Liburd",
            "occupation": "5131",
            "posts": 3,
            "opened_on": str(TODAY),
        },
        follow=True,
    )
    assert "Work request" in page.content.decode() and "is registered" in page.content.decode()
    with tenant_context(kn):
        request = WorkRequest.objects.get(employer=employer)
    detail = officer.get(f"/vacancies/work-requests/{request.pk}/").content.decode()
    assert (
        "Register a vacancy from this request" in detail
        and "No vacancy is registered from this request" in detail
    )
    form = officer.get(f"/vacancies/work-requests/{request.pk}/vacancy/").content.decode()
    # Prefilled from the request: the employer, the occupation, the posts.
    assert f'value="{employer.pk}"' in form and 'value="5131"' in form and 'name="posts" value="3"' in form
    saved = officer.post(
        f"/vacancies/work-requests/{request.pk}/vacancy/",
        {
            "employer": employer.pk,
            "title": "Waiter",
            "occupation": "5131",
            "posts": 3,
            "contract": "seasonal",
            "hours": "full_time",
            "opened_on": str(TODAY),
            "closes_on": str(IN_A_MONTH),
        },
        follow=True,
    )
    assert f"is registered from work request {request.reference}" in saved.content.decode()
    with tenant_context(kn):
        vacancy = Vacancy.objects.get(work_request=request)
        request.refresh_from_db()
    assert request.status == "in_progress"
    detail = officer.get(f"/vacancies/work-requests/{request.pk}/").content.decode()
    assert vacancy.reference in detail and "Waiter" in detail
    # Its own list, filters and export (its own export link, not the vacancies').
    listing = supervisor.get("/vacancies/work-requests/?status=in_progress&occupation=5").content.decode()
    assert request.reference in listing and 'href="/vacancies/work-requests/export.xlsx?' in listing
    exported = supervisor.get("/vacancies/work-requests/export.xlsx?q=Liburd")
    rows = list(load_workbook(io.BytesIO(exported.getvalue())).active.iter_rows(values_only=True))
    assert request.reference in rows[1] and "Ann Liburd" in rows[1]
    menu = officer.get("/").content.decode()
    assert 'href="/vacancies/"' in menu and 'href="/vacancies/work-requests/"' in menu
    letters = officer.get(f"/vacancies/{vacancy.pk}/").content.decode()
    assert "Acknowledgment of the vacancy" in letters and "Acknowledgment of the work request" not in letters


def test_roles(kn, employer):
    vacancy = _register(kn, employer)
    statistician = sign_in(client_for("kn.localhost"), kn, "statistician")
    assert statistician.get(f"/vacancies/{vacancy.pk}/").status_code == 200
    assert statistician.get("/vacancies/export.xlsx").status_code == 200
    assert statistician.get("/vacancies/new/").status_code == 403
    assert _new(statistician, employer.pk).status_code == 403
    assert _act(statistician, vacancy.pk, "close", 1, closing_reason="not_needed").status_code == 403
    submitter = sign_in(client_for("kn.localhost"), kn, "agency_submitter")
    assert submitter.get(f"/vacancies/{vacancy.pk}/").status_code == 403
    assert submitter.get(f"/api/v1/vacancies/{vacancy.pk}/").status_code == 403
    assert submitter.get("/api/v1/vacancies/work-requests/").status_code == 403
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    assert (
        officer.post(f"/cases/{vacancy.pk}/assign/", {"officer": user_in(kn, "officer").pk}).status_code
        == 403
    )
    with tenant_context(kn):
        vacancy.refresh_from_db()
    assert vacancy.assigned_to is None and vacancy.status == "open" and vacancy.version == 1


def test_report_counts_equal_the_records(kn, employer, builder):
    with tenant_context(kn):
        last_year = datetime.date(TODAY.year - 1, 3, 1)
        for owner, isco, posts, opened in (
            (employer, "5120", 3, TODAY),
            (employer, "5131", 1, TODAY),
            (builder, "7112", 5, TODAY),
            (builder, "9313", 2, TODAY),
            (employer, "5120", 4, last_year),
        ):
            vacancy = _register(
                kn,
                owner,
                occupation=code_lookup("isco08", isco),
                posts=posts,
                opened_on=opened,
                closes_on=IN_A_MONTH,
            )
        vacancy_post_filled(vacancy=vacancy, by=user_in(kn, "officer"))
        work_request_receive(
            values={"employer": builder, "occupation": code_lookup("isco08", "7112"), "posts": 2},
            by=user_in(kn, "officer"),
        )
        period = period_parse(str(TODAY.year))
        in_period = Vacancy.objects.filter(opened_on__year=TODAY.year)
        by_major: dict[str, list[int]] = {}
        for path, posts in in_period.values_list("occupation__path", "posts"):
            counts = by_major.setdefault(path[0], [0, 0])
            counts[0], counts[1] = counts[0] + 1, counts[1] + posts
        grid_major = BY_OCCUPATION.grid(period)
        grid_district = BY_DISTRICT.grid(period)
        cross = POSTS_BY_OCCUPATION_AND_ACTIVITY.grid(period)
        statuses = BY_STATUS.grid(period)
        workflow = WORKFLOW.grid(period)
        requests = WORK_REQUESTS_WORKFLOW.grid(period)
        expected_cross: dict[tuple[str, str], int] = {}
        for path, section, posts in in_period.values_list(
            "occupation__path", "employer__isic__path", "posts"
        ):
            key = (path[0], section[0])
            expected_cross[key] = expected_cross.get(key, 0) + posts
        expected_districts = dict(in_period.values_list("district__title").annotate(posts=Sum("posts")))
        open_vacancies = Vacancy.objects.filter(closed_on__isnull=True).count()
        open_requests = WorkRequest.objects.filter(closed_on__isnull=True).count()
        expected_count, expected_posts = in_period.count(), in_period.aggregate(n=Sum("posts"))["n"]
    measures = [key for key, _label in grid_major.columns]
    assert measures == ["vacancies", "posts", "posts_filled"]
    totals = dict(zip(measures, grid_major.column_totals, strict=True))
    assert totals["vacancies"] == expected_count and totals["posts"] == expected_posts
    # By major group, the first digit of the row's label ("5 Service and Sales Workers").
    rows = {label[0]: counts for label, counts, _total in grid_major.rows}
    assert rows["5"][:2] == [2, 4] and rows["7"][:2] == [1, 5] and rows["9"][:2] == [1, 2]
    assert {major: counts[:2] for major, counts in rows.items()} == by_major
    district_posts = {label: counts[1] for label, counts, _total in grid_district.rows}
    assert district_posts["Saint George Basseterre"] == expected_districts["Saint George Basseterre"] == 4
    assert district_posts["Saint Paul Charlestown"] == 7
    # Posts (not vacancies) by occupation and economic activity, summed in each cell.
    sections = [value for value, _label in cross.columns]
    for label, counts, _total in cross.rows:
        for section, posts in zip(sections, counts, strict=True):
            assert posts == expected_cross.get((label[0], section), 0), (label, section)
    assert cross.total == expected_posts and cross.columns[0][1].startswith("F ")
    status_rows = {label: counts for label, counts, _total in statuses.rows}
    assert status_rows["Open"][0] == expected_count and status_rows["Filled"] == [0, 0, 0]
    assert workflow.total == open_vacancies and requests.total == open_requests


def test_report_pages(kn, employer):
    _register(kn, employer)
    statistician = sign_in(client_for("kn.localhost"), kn, "statistician")
    listing = statistician.get("/reports/").content.decode()
    assert "Posts of the vacancies registered, by occupation and economic activity of the employer" in listing
    page = statistician.get(f"/reports/vacancies-posts-by-occupation-and-activity/?period={TODAY.year}")
    assert page.status_code == 200 and "9 Elementary Occupations" in page.content.decode()
    excel = statistician.get(f"/reports/vacancies-by-occupation/?period={TODAY.year}&format=xlsx")
    sheet = list(load_workbook(io.BytesIO(excel.content)).active.iter_rows(values_only=True))
    assert sheet[1][1:] == ("Vacancies", "Posts", "Posts filled") and sheet[-1][1:3] == (1, 2)


def test_demo_vacancies_load_once_at_every_stage(kn, sr):
    with tenant_context(kn):
        employers_demo(kn)
        assert vacancies_demo(kn) == 48
        assert vacancies_demo(kn) == 0
        assert Vacancy.objects.count() == 40 and WorkRequest.objects.count() == 8
        assert set(Vacancy.objects.values_list("status", flat=True)) == {
            "open",
            "filled",
            "closed",
            "cancelled",
        }
        assert set(WorkRequest.objects.values_list("status", flat=True)) == {
            "received",
            "in_progress",
            "completed",
            "cancelled",
        }
        assert Vacancy.objects.filter(status="open", posts_filled__gt=0).exists()  # partly filled
        assert Vacancy.objects.filter(work_request__isnull=False).count() == 5
        assert Vacancy.history.filter(status="closed").filter(id__in=vacancies_open().values("id")).exists()
        for vacancy in Vacancy.objects.all():
            assert vacancy.posts_filled <= vacancy.posts and vacancy.match_skills == sorted(
                vacancy.skills.values_list("code", flat=True)
            )
        hourly = Vacancy.objects.filter(wage_period="hour", wage_min__isnull=False)
        assert hourly.exists() and all(Decimal("8") <= v.wage_min <= Decimal("40") for v in hourly)
        sectors = {vacancy.occupation.code[0] for vacancy in Vacancy.objects.select_related("occupation")}
        assert {"2", "5", "6", "7", "9"} <= sectors
    with tenant_context(sr):
        employers_demo(sr)
        assert vacancies_demo(sr) == 48
        monthly = Vacancy.objects.filter(wage_period="month", wage_min__isnull=False)
        assert all(v.wage_min >= Decimal("9000") for v in monthly)  # Surinamese dollars
        languages = {tuple(codes) for codes in Vacancy.objects.values_list("match_languages", flat=True)}
        assert languages == {("nl",), ("nl", "srn")}


def test_a_kn_vacancy_is_not_found_at_lc_and_a_disabled_module_answers_404(kn, lc, employer):
    vacancy = _register(kn, employer)
    with tenant_context(kn):
        request = work_request_receive(
            values={"employer": employer, "occupation": code_lookup("isco08", "9112"), "posts": 1},
            by=user_in(kn, "officer"),
        )
    lc_officer = sign_in(client_for("lc.localhost"), lc, "officer")
    for url in (
        f"/vacancies/{vacancy.pk}/",
        f"/vacancies/{vacancy.pk}/edit/",
        f"/vacancies/work-requests/{request.pk}/",
        f"/vacancies/work-requests/{request.pk}/vacancy/",
        f"/api/v1/vacancies/{vacancy.pk}/",
        f"/api/v1/vacancies/work-requests/{request.pk}/",
        f"/api/v1/cases/{vacancy.pk}/events/",
    ):
        assert lc_officer.get(url).status_code == 404, url
    assert vacancy.reference not in lc_officer.get("/vacancies/").content.decode()
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    assert officer.get(f"/vacancies/{vacancy.pk}/").status_code == 200
    for dependant in dependants_of("vacancies"):  # modules built on it (matching) go first
        module_disable(country=kn, key=dependant.manifest.key, by=None)
    module_disable(country=kn, key="vacancies", by=None)
    assert 'href="/vacancies/"' not in officer.get("/").content.decode()
    for url in (
        "/vacancies/",
        f"/vacancies/{vacancy.pk}/",
        "/vacancies/work-requests/",
        "/api/v1/vacancies/",
        "/api/v1/vacancies/work-requests/",
        f"/api/v1/cases/{vacancy.pk}/events/",
    ):
        assert officer.get(url).status_code == 404, url
    module_enable(country=kn, key="vacancies", by=None)
    assert officer.get("/vacancies/").status_code == 200


def test_the_api_is_in_the_openapi_schema(kn_client):
    paths = kn_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/vacancies/"])
    assert {"get", "put", "patch"} <= set(paths["/api/v1/vacancies/{id}/"])
    assert {"get", "post"} <= set(paths["/api/v1/vacancies/work-requests/"])
    assert {"get", "put", "patch"} <= set(paths["/api/v1/vacancies/work-requests/{id}/"])


def test_a_transition_of_the_work_request_needs_its_role(officer, supervisor, employer, kn):
    with tenant_context(kn):
        request = work_request_receive(
            values={"employer": employer, "occupation": code_lookup("isco08", "9112"), "posts": 1},
            by=user_in(kn, "officer"),
        )
        case_transition(case=request, action="start", by=user_in(kn, "officer"))
    assert _act(officer, request.pk, "cancel", 2).status_code == 403
    assert _act(supervisor, request.pk, "cancel", 2).json()["status"] == "cancelled"
    assert _act(officer, request.pk, "reopen", 3).status_code == 403
    assert _act(supervisor, request.pk, "reopen", 3).json()["status"] == "in_progress"
