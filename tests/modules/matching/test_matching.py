"""Matching and placements: scores on hand-made cases with their explanation, both directions alike,
referrals through the API and the pages, the placement that places the job seeker and fills the post,
roles, refusals, reports, demo, isolation."""

import datetime

import pytest
from django.db.models import Count
from django_tenants.utils import tenant_context

from modules.casework.models import CaseEvent
from modules.casework.services import case_transition
from modules.employers.services import employer_save
from modules.job_seekers.models import JobSeeker
from modules.job_seekers.services import experience_save
from modules.matching.demo import matching_demo
from modules.matching.models import JobReferral
from modules.matching.reports import PLACEMENTS_BY_OCCUPATION_AND_SEX, REFERRALS_BY_OUTCOME_AND_SEX
from modules.matching.selectors import candidates_for_vacancy, match_of, vacancies_for_job_seeker
from modules.matching.services import referral_make, referral_place
from modules.reference.selectors import code_lookup
from modules.reports.periods import period_parse
from modules.vacancies.models import Vacancy
from modules.vacancies.services import vacancy_register
from tenants.services import module_disable, module_enable
from tests.modules.job_seekers.helpers import born, register
from tests.support import client_for, sign_in, user_in

TODAY = datetime.date.today()
JSON = "application/json"
NURSE = "2221"


@pytest.fixture
def officer(kn):
    return sign_in(client_for("kn.localhost"), kn, "officer")


@pytest.fixture
def supervisor(kn):
    return sign_in(client_for("kn.localhost"), kn, "supervisor")


def _vacancy(country, *, occupation=NURSE, posts=1, **values) -> Vacancy:
    with tenant_context(country):
        employer = employer_save(
            values={"name": "J. N. France General Hospital", "district": code_lookup("district", "KN-03")},
            version=None,
            by=None,
        )
        return vacancy_register(
            values={
                "employer": employer,
                "title": "Staff nurse",
                "occupation": code_lookup("isco08", occupation),
                "posts": posts,
                "contract": "permanent",
                "hours": "full_time",
                "closes_on": TODAY + datetime.timedelta(days=30),
                **values,
            },
            by=user_in(country, "officer"),
        )


@pytest.fixture
def nurse_vacancy(kn) -> Vacancy:
    """Asks for three skills, English, a bachelor's degree (ISCED 6), two years, in Basseterre."""
    with tenant_context(kn):
        return _vacancy(
            kn,
            skills=[code_lookup("skill", code) for code in ("COMPUTER", "FIRST_AID", "CARE")],
            languages=[code_lookup("language", "en")],
            education_level=code_lookup("education_level", "6"),
            experience_years=2,
            district=code_lookup("district", "KN-03"),
        )


def _experience(country, job_seeker: JobSeeker, occupation: str, years: int) -> None:
    with tenant_context(country):
        experience_save(
            job_seeker=job_seeker,
            values={
                "occupation": code_lookup("isco08", occupation),
                "employer_name": "Somewhere",
                "started_on": TODAY - datetime.timedelta(days=365 * years + 10),
                "ended_on": TODAY - datetime.timedelta(days=10),
            },
            version=None,
            by=user_in(country, "officer"),
        )


@pytest.fixture
def candidates(kn):
    """Four job seekers for the nurse vacancy, from a perfect fit to another major group."""
    with tenant_context(kn):
        district = code_lookup("district", "KN-03")
        charlestown = code_lookup("district", "KN-10")
        bachelor = code_lookup("education_level", "6")
        short_cycle = code_lookup("education_level", "5")
    made = {
        # The right occupation, 2 of 3 skills, lives elsewhere and works only there, but would move.
        "movable": register(
            kn,
            first_name="Ayesha",
            family_name="Liburd",
            sex="F",
            birth_date=born(31),
            occupations=(NURSE,),
            skills=("FIRST_AID", "CARE"),
            languages=("en",),
            education_level=bachelor,
            district=charlestown,
            preferred_districts=[charlestown],
            willing_to_relocate=True,
        ),
        # Everything asked, in Basseterre.
        "perfect": register(
            kn,
            first_name="Gloria",
            family_name="Hodge",
            sex="F",
            birth_date=born(40),
            occupations=(NURSE,),
            skills=("COMPUTER", "FIRST_AID", "CARE"),
            languages=("en",),
            education_level=bachelor,
            district=district,
        ),
        # A midwife (same minor group 222), one level of education below, nothing else asked is there.
        "midwife": register(
            kn,
            first_name="Marva",
            family_name="Phipps",
            sex="F",
            birth_date=born(52),
            occupations=("2222",),
            education_level=short_cycle,
            district=district,
            available_from=TODAY + datetime.timedelta(days=60),
            hours="part_time",
        ),
        # Another major group (3: technicians and associate professionals): not a candidate.
        "associate": register(kn, first_name="Kevin", family_name="Warner", occupations=("3221",)),
    }
    _experience(kn, made["movable"], NURSE, 3)
    _experience(kn, made["perfect"], NURSE, 10)
    return made


def test_candidates_are_ranked_with_their_score_explained(kn, nurse_vacancy, candidates):
    with tenant_context(kn):
        ranked = [m for m in candidates_for_vacancy(nurse_vacancy) if m.job_seeker.pk in _pks(candidates)]
    assert [m.job_seeker.pk for m in ranked] == [
        candidates["perfect"].pk,
        candidates["movable"].pk,
        candidates["midwife"].pk,
    ]
    perfect, movable, midwife = ranked
    assert perfect.score == 100
    assert perfect.explanation == (
        "same unit group 2221; 3 of 3 skills; 1 of 1 languages; education as asked or higher; "
        "10 years of experience, 2 years asked; same district"
    )
    # 40 + 10 (2 of 3 skills) + 10 + 10 + 10 + 5 (other district, willing to move) + 5.
    assert movable.score == 90
    assert movable.points == {
        "occupation": 40,
        "skills": 10,
        "languages": 10,
        "education": 10,
        "experience": 10,
        "place": 5,
        "availability": 5,
    }
    assert movable.explanation == (
        "same unit group 2221; 2 of 3 skills; 1 of 1 languages; education as asked or higher; "
        "3 years of experience, 2 years asked; other district, willing to move"
    )
    # 30 + 0 + 0 + 5 + 0 + 10 + 0: the minor group, a level below, no experience, not available yet.
    assert midwife.score == 45
    assert midwife.explanation == (
        "same minor group 222; 0 of 3 skills; 0 of 1 languages; education one level below what is asked; "
        "less than a year of experience, 2 years asked; same district; not available by the start; "
        "wants other hours"
    )


def test_a_vacancy_for_a_job_seeker_scores_as_the_job_seeker_for_the_vacancy(kn, nurse_vacancy, candidates):
    """The two directions rank with the same parts: the same pair gets the same score and reasons."""
    with tenant_context(kn):
        for job_seeker in (candidates["perfect"], candidates["movable"], candidates["midwife"]):
            job_seeker.refresh_from_db()
            for_vacancy = match_of(job_seeker, nurse_vacancy)
            found = [m for m in vacancies_for_job_seeker(job_seeker) if m.vacancy.pk == nurse_vacancy.pk]
            assert len(found) == 1
            assert (found[0].score, found[0].reasons) == (for_vacancy.score, for_vacancy.reasons)
        # Another major group: the vacancy is not offered to them.
        associate = candidates["associate"]
        assert nurse_vacancy.pk not in {m.vacancy.pk for m in vacancies_for_job_seeker(associate)}


def test_what_the_vacancy_does_not_ask_gives_full_points_and_says_nothing(kn, candidates):
    bare = _vacancy(kn)  # in the employer's district
    with tenant_context(kn):
        match = match_of(candidates["associate"], bare)
        midwife = match_of(candidates["midwife"], bare)
    # Outside the major group (so never ranked), but scored alike when referred by hand.
    assert (match.score, match.explanation) == (58, "another occupation; would work in any district")
    assert midwife.points == {
        "occupation": 30,
        "skills": 15,
        "languages": 10,
        "education": 10,
        "experience": 10,
        "place": 10,
        "availability": 0,
    }
    assert midwife.explanation == (
        "same minor group 222; same district; not available by the start; wants other hours"
    )


def test_every_place_scores_alike_ranked_and_in_both_directions(kn, nurse_vacancy):
    """The vacancy is in Basseterre, they live in Charlestown: naming Basseterre among the districts one
    would work in counts as living there; naming only Charlestown counts nothing unless one would move;
    naming none counts almost fully."""
    with tenant_context(kn):
        basseterre, charlestown = (code_lookup("district", code) for code in ("KN-03", "KN-10"))
    living_in = {"district": charlestown, "occupations": (NURSE,)}
    made = {
        "named": register(
            kn,
            family_name="Mills",
            birth_date=born(30),
            preferred_districts=[charlestown, basseterre],
            **living_in,
        ),
        "others": register(
            kn, family_name="Joseph", birth_date=born(31), preferred_districts=[charlestown], **living_in
        ),
        "moving": register(
            kn,
            family_name="Caines",
            birth_date=born(32),
            preferred_districts=[charlestown],
            willing_to_relocate=True,
            **living_in,
        ),
        "anywhere": register(kn, family_name="Isaac", birth_date=born(33), **living_in),
    }
    expected = {
        "named": (10, "a district they would work in"),
        "others": (0, "other district"),
        "moving": (5, "other district, willing to move"),
        "anywhere": (8, "would work in any district"),
    }
    with tenant_context(kn):
        ranked = {match.job_seeker.pk: match for match in candidates_for_vacancy(nurse_vacancy)}
        for key, (points, reason) in expected.items():
            job_seeker = JobSeeker.objects.get(pk=made[key].pk)
            offered = [m for m in vacancies_for_job_seeker(job_seeker) if m.vacancy.pk == nurse_vacancy.pk]
            for match in (ranked[job_seeker.pk], offered[0], match_of(job_seeker, nurse_vacancy)):
                assert (match.points["place"], match.reasons[-1]) == (points, reason), key


def test_a_referral_is_made_followed_and_placed_through_the_api(
    officer, supervisor, kn, nurse_vacancy, candidates
):
    perfect = candidates["perfect"]
    made = officer.post(
        "/api/v1/matching/", {"job_seeker": perfect.pk, "vacancy": nurse_vacancy.pk}, content_type=JSON
    )
    assert made.status_code == 201, made.content
    referral = made.json()
    assert referral["reference"].startswith("REF-") and referral["status"] == "referred"
    assert referral["score"] == 100 and referral["explanation"].startswith("same unit group 2221")
    assert referral["assigned_to"] == "officer"
    pk = referral["id"]
    again = officer.post(
        "/api/v1/matching/", {"job_seeker": perfect.pk, "vacancy": nurse_vacancy.pk}, content_type=JSON
    )
    assert again.status_code == 400 and "referred to this vacancy already" in str(again.json()["errors"])
    # Referred: no longer among the candidates.
    ranked = officer.get(f"/api/v1/matching/vacancies/{nurse_vacancy.pk}/candidates/").json()
    assert perfect.pk not in [row["job_seeker"] for row in ranked]
    assert ranked[0]["points"]["occupation"] == 40 and "explanation" in ranked[0]

    interview = officer.post(
        f"/api/v1/cases/{pk}/transitions/",
        {"action": "arrange_interview", "version": 1, "values": {"interview_on": str(TODAY)}},
        content_type=JSON,
    )
    assert interview.status_code == 200 and interview.json()["status"] == "interview"
    # The placement is not a transition anyone takes alone: it needs its own action.
    direct = officer.post(
        f"/api/v1/cases/{pk}/transitions/",
        {"action": "place", "version": 2, "values": {"placed_on": str(TODAY)}},
        content_type=JSON,
    )
    assert direct.status_code == 400
    letter = officer.post(
        f"/api/v1/cases/{pk}/letters/", {"key": "matching/referral", "language": "en"}, content_type=JSON
    )
    assert letter.status_code == 201
    placed = officer.post(
        f"/api/v1/matching/{pk}/placement/", {"placed_on": str(TODAY), "version": 2}, content_type=JSON
    )
    assert placed.status_code == 200, placed.content
    assert placed.json()["status"] == "placed" and placed.json()["placed_on"] == str(TODAY)
    with tenant_context(kn):
        perfect.refresh_from_db()
        nurse_vacancy.refresh_from_db()
        assert (perfect.status, perfect.placed_on) == ("placed", TODAY)
        # Its only post: the vacancy is filled.
        assert (nurse_vacancy.posts_filled, nurse_vacancy.status) == (1, "filled")
        assert perfect.events.filter(text__contains=referral["reference"]).exists()

    # An officer may not undo it; a supervisor may, saying why, and everything goes back.
    refused = officer.post(
        f"/api/v1/matching/{pk}/placement/cancel/", {"reason": "Mistake", "version": 3}, content_type=JSON
    )
    assert refused.status_code == 403
    undone = supervisor.post(
        f"/api/v1/matching/{pk}/placement/cancel/",
        {"reason": "Recorded for the wrong person", "version": 3},
        content_type=JSON,
    )
    assert undone.status_code == 200 and undone.json()["status"] == "referred"
    with tenant_context(kn):
        perfect.refresh_from_db()
        nurse_vacancy.refresh_from_db()
        assert perfect.status == "active" and perfect.placed_on is None
        assert (nurse_vacancy.posts_filled, nurse_vacancy.status) == (0, "open")
        assert nurse_vacancy.events.filter(text__contains="Post released").exists()


def test_a_placement_that_cannot_be_whole_changes_nothing(officer, kn, nurse_vacancy, candidates):
    with tenant_context(kn):
        by = user_in(kn, "officer")
        first = referral_make(job_seeker=candidates["perfect"], vacancy=nurse_vacancy, by=by)
        second = referral_make(job_seeker=candidates["movable"], vacancy=nurse_vacancy, by=by)
        referral_place(referral=first, placed_on=TODAY, by=by)
    # The vacancy's only post is filled: the second placement is refused as a whole.
    refused = officer.post(
        f"/api/v1/matching/{second.pk}/placement/", {"placed_on": str(TODAY), "version": 1}, content_type=JSON
    )
    assert refused.status_code == 400 and "is filled" in str(refused.json())
    with tenant_context(kn):
        second.refresh_from_db()
        movable = JobSeeker.objects.get(pk=candidates["movable"].pk)
        assert second.status == "referred" and second.placed_on is None
        assert movable.status == "active"
    # A placement in the future, or before the referral, is refused with the field named.
    third = _vacancy(kn, posts=2)
    with tenant_context(kn):
        referral = referral_make(job_seeker=candidates["midwife"], vacancy=third, by=by)
    future = officer.post(
        f"/api/v1/matching/{referral.pk}/placement/",
        {"placed_on": str(TODAY + datetime.timedelta(days=1)), "version": 1},
        content_type=JSON,
    )
    assert future.status_code == 400 and "placed_on" in future.json()["errors"]


def test_referrals_are_refused_for_a_closed_vacancy_or_an_inactive_job_seeker(officer, kn, candidates):
    vacancy = _vacancy(kn)
    with tenant_context(kn):
        by = user_in(kn, "officer")
        case_transition(case=vacancy, action="close", values={"closing_reason": "not_needed"}, by=by)
        case_transition(case=candidates["associate"], action="withdraw", by=by)
    pair = {"job_seeker": candidates["perfect"].pk, "vacancy": vacancy.pk}
    closed = officer.post("/api/v1/matching/", pair, content_type=JSON)
    assert closed.status_code == 400 and "only open vacancies" in str(closed.json()["errors"]["vacancy"])
    open_one = _vacancy(kn, occupation="3221")
    inactive = officer.post(
        "/api/v1/matching/",
        {"job_seeker": candidates["associate"].pk, "vacancy": open_one.pk},
        content_type=JSON,
    )
    assert inactive.status_code == 400 and "renew the registration" in str(inactive.json()["errors"])
    with tenant_context(kn):
        assert not JobReferral.objects.filter(referred_to__in=[vacancy, open_one]).exists()


def test_the_pages_rank_refer_follow_up_and_place(officer, kn, nurse_vacancy, candidates):
    vacancy_page = officer.get(f"/vacancies/{nurse_vacancy.pk}/").content.decode()
    assert f"/matching/vacancies/{nurse_vacancy.pk}/" in vacancy_page
    page = officer.get(f"/matching/vacancies/{nurse_vacancy.pk}/").content.decode()
    assert page.index("Gloria Hodge") < page.index("Ayesha Liburd") < page.index("Marva Phipps")
    assert "Kevin Warner" not in page
    assert "2 of 3 skills; 1 of 1 languages" in page
    refer = officer.post(
        "/matching/refer/",
        {"job_seeker": candidates["movable"].pk, "vacancy": nurse_vacancy.pk, "from": "vacancy"},
    )
    assert refer.status_code == 302 and refer["Location"] == f"/matching/vacancies/{nurse_vacancy.pk}/"
    with tenant_context(kn):
        referral = JobReferral.objects.get(job_seeker=candidates["movable"])
    assert "Refer Ayesha Liburd" not in officer.get(refer["Location"]).content.decode()
    # From the job seeker's side, the same button.
    js_page = officer.get(f"/matching/job_seekers/{candidates['perfect'].pk}/").content.decode()
    assert "VAC-" in js_page and "same unit group 2221" in js_page
    detail = officer.get(f"/matching/{referral.pk}/").content.decode()
    assert "90 / 100" in detail and "other district, willing to move" in detail
    bad = officer.post(f"/matching/{referral.pk}/placement/", {"placed_on": "", "version": 1})
    assert bad.status_code == 200 and "This field is required" in bad.content.decode()
    placed = officer.post(f"/matching/{referral.pk}/placement/", {"placed_on": str(TODAY), "version": 1})
    assert placed.status_code == 302
    with tenant_context(kn):
        referral.refresh_from_db()
        assert referral.status == "placed"
        assert Vacancy.objects.get(pk=nurse_vacancy.pk).status == "filled"
    listing = officer.get("/matching/?status=placed").content.decode()
    assert referral.reference in listing
    assert officer.get("/matching/export.xlsx").status_code == 403  # officers do not export


def test_report_counts_equal_the_records(kn, candidates):
    vacancies = [_vacancy(kn, posts=3), _vacancy(kn, occupation="2222", posts=2)]
    with tenant_context(kn):
        by = user_in(kn, "officer")
        for job_seeker, vacancy, place in (
            (candidates["perfect"], vacancies[0], True),
            (candidates["movable"], vacancies[0], True),
            (candidates["midwife"], vacancies[1], True),
            (candidates["perfect"], vacancies[1], False),
        ):
            referral = referral_make(job_seeker=job_seeker, vacancy=vacancy, by=by)
            if place:
                referral_place(referral=referral, placed_on=TODAY, by=by)
        period = period_parse(str(TODAY.year))
        grid = PLACEMENTS_BY_OCCUPATION_AND_SEX.grid(period)
        expected = list(
            JobReferral.objects.filter(status="placed", placed_on__year=TODAY.year)
            .values("referred_to__occupation__code", "job_seeker__sex")
            .annotate(n=Count("pk"))
        )
        outcomes = REFERRALS_BY_OUTCOME_AND_SEX.grid(period)
        referred = JobReferral.objects.filter(opened_on__year=TODAY.year).count()
    rows = {label: counts for label, counts, _total in grid.rows}
    women = sum(item["n"] for item in expected if item["job_seeker__sex"] == "F")
    assert rows["2 Professionals"][0] == women and grid.total == sum(item["n"] for item in expected)
    assert outcomes.total == referred


def test_roles(kn, nurse_vacancy, candidates):
    statistician = sign_in(client_for("kn.localhost"), kn, "statistician")
    assert statistician.get("/matching/").status_code == 200
    assert statistician.get("/matching/export.xlsx").status_code == 200
    assert (
        statistician.post(
            "/api/v1/matching/",
            {"job_seeker": candidates["perfect"].pk, "vacancy": nurse_vacancy.pk},
            content_type=JSON,
        ).status_code
        == 403
    )
    submitter = sign_in(client_for("kn.localhost"), kn, "agency_submitter")
    assert submitter.get(f"/matching/vacancies/{nurse_vacancy.pk}/").status_code == 403
    assert submitter.get(f"/api/v1/matching/vacancies/{nurse_vacancy.pk}/candidates/").status_code == 403
    with tenant_context(kn):
        assert not JobReferral.objects.exists()


def test_a_kn_referral_is_not_found_at_lc_and_a_disabled_module_answers_404(
    kn, lc, nurse_vacancy, candidates
):
    with tenant_context(kn):
        referral = referral_make(
            job_seeker=candidates["perfect"], vacancy=nurse_vacancy, by=user_in(kn, "officer")
        )
    at_lc = sign_in(client_for("lc.localhost"), lc, "supervisor")
    assert at_lc.get(f"/matching/{referral.pk}/").status_code == 404
    assert at_lc.get(f"/api/v1/matching/{referral.pk}/").status_code == 404
    assert at_lc.get(f"/api/v1/matching/vacancies/{nurse_vacancy.pk}/candidates/").status_code == 404
    supervisor = sign_in(client_for("kn.localhost"), kn, "supervisor")
    module_disable(country=kn, key="matching", by=None)
    try:
        assert supervisor.get(f"/matching/{referral.pk}/").status_code == 404
        assert supervisor.get("/api/v1/matching/").status_code == 404
        assert (
            f"/matching/vacancies/{nurse_vacancy.pk}/"
            not in supervisor.get(f"/vacancies/{nurse_vacancy.pk}/").content.decode()
        )
    finally:
        module_enable(country=kn, key="matching", by=None)


def test_the_api_is_in_the_openapi_schema(kn):
    schema = sign_in(client_for("kn.localhost"), kn, "supervisor").get("/api/schema/?format=json").json()
    for path in (
        "/api/v1/matching/",
        "/api/v1/matching/{id}/",
        "/api/v1/matching/{id}/placement/",
        "/api/v1/matching/{id}/placement/cancel/",
        "/api/v1/matching/vacancies/{id}/candidates/",
        "/api/v1/matching/job_seekers/{id}/vacancies/",
    ):
        assert path in schema["paths"], path


def test_demo_referrals_load_once_at_every_stage(kn, candidates):
    _vacancy(kn, posts=2)
    _vacancy(kn, posts=1)
    with tenant_context(kn):
        made = matching_demo(kn)
        assert made >= 3 and matching_demo(kn) == 0
        states = set(JobReferral.objects.values_list("status", flat=True))
        assert {"placed", "interview", "not_hired"} <= states
        placed = JobReferral.objects.filter(status="placed").select_related("job_seeker")
        assert all(referral.job_seeker.status == "placed" for referral in placed)
        assert CaseEvent.objects.filter(case__in=[r.referred_to_id for r in placed]).exists()


def _pks(candidates: dict) -> set[int]:
    return {job_seeker.pk for job_seeker in candidates.values()}
