"""Job seekers through the pages: registering with education and experience, editing, a transition with
its form, the registration card, duplicates offered for update or merge, the rules page."""

import datetime

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django_tenants.utils import tenant_context

from modules.job_seekers.models import JobSeeker, RegistrationRules
from tests.modules.job_seekers.helpers import TODAY, born, count, register
from tests.support import client_for, sign_in, user_in


def _form(**extra) -> dict:
    return {
        "first_name": "Kezia",
        "family_name": "Isaac",
        "nis_number": "",
        "sex": "F",
        "birth_date": str(born(24)),
        "nationality": "KN",
        "district": "KN-10",
        "occupation_1": "5131",
        "occupation_2": "5120",
        "skills": ["CUSTOMER", "FOOD_HYGIENE"],
        "languages": ["en"],
        "hours": "full_time",
        "opened_on": str(TODAY),
        **extra,
    }


def test_an_officer_registers_a_job_seeker_with_education_and_experience(officer, kn):
    page = officer.get("/job_seekers/new/").content.decode()
    assert 'name="occupation_1"' in page and 'name="skills"' in page and 'name="preferred_districts"' in page
    registered = officer.post("/job_seekers/new/", _form(), follow=True)
    assert "is registered" in registered.content.decode()
    with tenant_context(kn):
        seeker = JobSeeker.objects.get(family_name="Isaac")
        assert [code.code for code in seeker.occupations_sought()] == ["5131", "5120"]
    education = officer.post(
        f"/job_seekers/{seeker.pk}/education/new/",
        {
            "level": "3",
            "field_of_study": "Hospitality",
            "institution": "Charlestown Secondary",
            "year_completed": "2018",
        },
        follow=True,
    )
    assert "The education is recorded." in education.content.decode()
    experience = officer.post(
        f"/job_seekers/{seeker.pk}/experience/new/",
        {
            "occupation": "5131",
            "employer_name": "Four Seasons Nevis",
            "started_on": str(TODAY.replace(year=TODAY.year - 2)),
        },
        follow=True,
    )
    shown = experience.content.decode()
    assert "The work experience is recorded." in shown
    assert "Four Seasons Nevis" in shown and "Charlestown Secondary" in shown and "still there" in shown
    assert "24 months of experience" in shown
    assert "lapses on" in shown
    with tenant_context(kn):
        seeker.refresh_from_db()
        assert seeker.match_occupations == ["5131", "5120"] and seeker.experience_months == 24


def test_an_officer_edits_a_job_seeker_and_the_history_says_what_changed(officer, kn):
    seeker = register(kn, skills=("DRIVING",))
    edit = officer.get(f"/job_seekers/{seeker.pk}/edit/").content.decode()
    assert 'value="5120"' in edit and 'name="opened_on"' not in edit
    saved = officer.post(
        f"/job_seekers/{seeker.pk}/edit/",
        _form(
            first_name="Junior",
            family_name="Browne",
            sex="M",
            birth_date=str(seeker.birth_date),
            occupation_1="7231",
            occupation_2="",
            skills=["DRIVING", "MACHINERY"],
            version="1",
        ),
        follow=True,
    )
    page = saved.content.decode()
    assert "Your changes to" in page and "7231 Motor Vehicle Mechanics and Repairers" in page
    assert "DRIVING, MACHINERY" in page  # the skills as saved, in the history
    with tenant_context(kn):
        seeker.refresh_from_db()
        assert seeker.match_occupations == ["7231"] and seeker.match_skills == ["DRIVING", "MACHINERY"]
        assert seeker.first_occupation.code == "7231" and seeker.version == 2


def test_bad_input_on_the_page_is_refused_and_nothing_is_saved(officer, kn):
    before = count(kn)
    young = officer.post("/job_seekers/new/", _form(birth_date=str(born(12))))
    assert "at least 14 years old" in young.content.decode()
    unknown = officer.post("/job_seekers/new/", _form(occupation_1="9999"))
    assert "9999 is not a code of" in unknown.content.decode()
    assert count(kn) == before
    seeker = register(kn, birth_date=born(30))
    backwards = officer.post(
        f"/job_seekers/{seeker.pk}/experience/new/",
        {"occupation": "7112", "started_on": "2022-06-01", "ended_on": "2021-01-01"},
    )
    assert "The end cannot be before the start." in backwards.content.decode()
    with tenant_context(kn):
        assert not seeker.experience.exists()


def test_a_placement_through_its_form_and_the_registration_card(officer, kn):
    seeker = register(kn, first_name="Marlon", family_name="Hodge")
    form = officer.get(f"/cases/{seeker.pk}/transition/place/").content.decode()
    assert 'name="case-placed_on"' in form
    missing = officer.post(f"/cases/{seeker.pk}/transition/place/", {"action": "place", "version": 1})
    assert missing.status_code == 200 and "Needed to Record a placement." in missing.content.decode()
    done = officer.post(
        f"/cases/{seeker.pk}/transition/place/",
        {"case-placed_on": str(TODAY), "action": "place", "version": 1},
        follow=True,
    )
    assert "The case is now Placed." in done.content.decode()
    renewed = officer.post(f"/cases/{seeker.pk}/transition/", {"action": "renew", "version": 2}, follow=True)
    assert "The case is now Active." in renewed.content.decode()
    card = officer.post(
        f"/cases/{seeker.pk}/letters/",
        {"key": "job_seekers/registration_card", "language": "en"},
        follow=True,
    )
    text = card.content.decode()
    assert (
        seeker.reference in text and "Marlon Hodge" in text and "5120 Cooks" in text and "lapses on" in text
    )
    with tenant_context(kn):
        letter = seeker.letters.get()
    assert (
        officer.get(f"/cases/{seeker.pk}/letters/{letter.pk}/?format=pdf")["Content-Type"]
        == "application/pdf"
    )


def test_a_duplicate_on_the_page_is_refused_and_offered_for_update(officer, kn):
    first = register(kn, first_name="Kezia", family_name="Isaac", birth_date=born(24), nis_number="KN 4242")
    before = count(kn)
    refused = officer.post("/job_seekers/new/", _form(nis_number="kn-4242", phone="869-466-0000"))
    page = refused.content.decode()
    assert "already registered" in page and first.reference in page
    assert f"/job_seekers/{first.pk}/update-from-registration/" in page
    assert 'name="different_person"' not in page  # the same NIS number: not a different person
    assert count(kn) == before
    updated = officer.post(
        f"/job_seekers/{first.pk}/update-from-registration/",
        {**_form(nis_number="kn-4242", phone="869-466-0000"), "existing_version": "1"},
        follow=True,
    )
    assert "renewed" in updated.content.decode()
    assert count(kn) == before
    with tenant_context(kn):
        first.refresh_from_db()
        assert first.phone == "869-466-0000" and first.nis_number == "kn-4242"
        assert [code.code for code in first.occupations_sought()] == ["5131", "5120"]


def test_a_name_alike_is_refused_unless_the_officer_confirms_a_different_person(officer, kn):
    register(kn, first_name="Kezia", family_name="Isaac", birth_date=born(24))
    before = count(kn)
    refused = officer.post("/job_seekers/new/", _form(first_name="KEZIA "))
    assert 'name="different_person"' in refused.content.decode() and count(kn) == before
    registered = officer.post("/job_seekers/new/", {**_form(), "different_person": "yes"}, follow=True)
    assert "is registered" in registered.content.decode() and count(kn) == before + 1


def test_a_supervisor_merges_a_duplicate_from_the_page(officer, supervisor, kn):
    kept = register(kn, first_name="Sunil", family_name="Mohan", birth_date=born(33))
    duplicate = register(
        kn,
        first_name="Sunil",
        family_name="Mohan",
        birth_date=born(33),
        skills=("COMPUTER",),
        different_person=True,
    )
    page = officer.get(f"/job_seekers/{kept.pk}/").content.decode()
    assert duplicate.reference in page and "Merge into this registration" not in page
    assert (
        officer.post(
            f"/job_seekers/{kept.pk}/merge/", {"duplicate": duplicate.reference, "version": 1}
        ).status_code
        == 403
    )
    page = supervisor.get(f"/job_seekers/{kept.pk}/").content.decode()
    assert "Merge into this registration" in page
    merged = supervisor.post(
        f"/job_seekers/{kept.pk}/merge/",
        {"duplicate": duplicate.reference.lower(), "version": 1},
        follow=True,
    )
    assert "is merged into" in merged.content.decode()
    with tenant_context(kn):
        duplicate.refresh_from_db()
        kept.refresh_from_db()
        assert (
            duplicate.status == "merged"
            and duplicate.merged_into == kept
            and kept.match_skills == ["COMPUTER"]
        )
    assert "merged into" in officer.get(f"/job_seekers/{duplicate.pk}/").content.decode()


def test_the_rules_page_refuses_less_than_30_days_and_officers_only_read_it(officer, kn):
    page = officer.get("/job_seekers/rules/").content.decode()
    assert "180" in page and 'name="lapse_after_days"' not in page
    assert officer.post("/job_seekers/rules/", {"lapse_after_days": "90"}).status_code == 403
    with tenant_context(kn):
        TOTP.activate(user_in(kn, "lmis_admin"), generate_totp_secret())
    admin = sign_in(client_for("kn.localhost"), kn, "lmis_admin")
    refused = admin.post("/job_seekers/rules/", {"lapse_after_days": "29", "office_contact": ""})
    assert "Allow at least 30 days" in refused.content.decode()
    with tenant_context(kn):
        assert not RegistrationRules.objects.exists()
    saved = admin.post(
        "/job_seekers/rules/",
        {"lapse_after_days": "120", "office_contact": "Church Street, Basseterre"},
        follow=True,
    )
    assert "The registration rules are saved." in saved.content.decode()
    assert "kn:lmis_admin" in saved.content.decode()  # in the history
    seeker = register(kn)
    shown = officer.get(f"/job_seekers/{seeker.pk}/").content.decode()
    lapse_day = TODAY + datetime.timedelta(days=121)
    assert "lapses on" in shown and str(lapse_day.year) in shown


def test_the_list_filters_and_exports(officer, supervisor, kn):
    nurse = register(kn, first_name="Tamara", sex="F", birth_date=born(45), occupations=("2221",))
    old = register(kn, first_name="Jerome", opened_on=TODAY - datetime.timedelta(days=170))
    listing = officer.get("/job_seekers/?lapsing=true").content.decode()
    assert old.reference in listing and nurse.reference not in listing
    professionals = officer.get("/job_seekers/?occupation=2").content.decode()
    assert nurse.reference in professionals and old.reference not in professionals
    export = supervisor.get("/job_seekers/export.xlsx?occupation=2")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    empty = officer.get("/job_seekers/?q=nobody-of-that-name").content.decode()
    assert "Nothing matches this search" in empty
