"""Job seeker → match → placement in the browser: an officer opens a vacancy, finds its candidates ranked
with why, refers the best one, and records the placement; the job seeker is placed and the post filled."""

import datetime
import uuid

import pytest
from django_tenants.utils import tenant_context
from playwright.sync_api import Page, expect

from modules.casework.models import Case
from modules.employers.models import Employer
from modules.employers.services import employer_save
from modules.job_seekers.models import JobSeeker
from modules.job_seekers.services import job_seeker_register
from modules.reference.selectors import code_lookup
from modules.vacancies.models import Vacancy
from modules.vacancies.services import vacancy_register
from tests.browser.pages import sign_in
from tests.support import Site, committed, user_in

pytestmark = pytest.mark.browser
ELECTRICIAN = "7411"


@pytest.fixture
def opening(countries):
    """An electrician's vacancy and two electricians looking for work, committed; removed after."""
    kn = countries["kn"]
    mark = uuid.uuid4().hex[:6]

    def add() -> dict:
        with tenant_context(kn):
            officer = user_in(kn, "officer")
            employer = employer_save(
                values={"name": f"Nevis Electricity Company {mark}"},
                version=None,
                by=None,
            )
            vacancy = vacancy_register(
                values={
                    "employer": employer,
                    "title": "Electrician",
                    "occupation": code_lookup("isco08", ELECTRICIAN),
                    "posts": 1,
                    "contract": "permanent",
                    "closes_on": datetime.date.today() + datetime.timedelta(days=20),
                    "skills": [code_lookup("skill", "ELECTRICAL")],
                },
                by=officer,
            )
            people = {}
            for first, skills in (("Dwayne", ["ELECTRICAL"]), ("Keith", [])):
                people[first] = job_seeker_register(
                    values={
                        "first_name": first,
                        "family_name": f"Electric{mark}",
                        "sex": "M",
                        "birth_date": datetime.date(1990, 5, 17),
                        "district": code_lookup("district", "KN-03"),
                        "occupations": [code_lookup("isco08", ELECTRICIAN)],
                        "skills": [code_lookup("skill", code) for code in skills],
                    },
                    by=officer,
                )
            return {
                "vacancy": vacancy.pk,
                "dwayne": people["Dwayne"].pk,
                "keith": people["Keith"].pk,
                "mark": mark,
            }

    made = committed(add)
    yield made

    def remove() -> None:
        with tenant_context(kn):
            Case.objects.filter(jobreferral__referred_to_id=made["vacancy"]).delete()
            Case.objects.filter(pk__in=[made["vacancy"], made["dwayne"], made["keith"]]).delete()
            Employer.objects.filter(name__endswith=made["mark"]).delete()

    committed(remove)


def test_a_job_seeker_is_matched_referred_and_placed(page: Page, site: Site, opening, countries):
    mark = opening["mark"]
    sign_in(page, site.country("kn"), "officer")
    page.goto(site.country("kn", f"/vacancies/{opening['vacancy']}/"))
    page.get_by_role("link", name="Find candidates").click()

    rows = page.locator("tbody tr")
    # The one with the skill asked for comes first, and the page says why.
    expect(rows.nth(0)).to_contain_text(f"Dwayne Electric{mark}")
    expect(rows.nth(0)).to_contain_text("same unit group 7411; 1 of 1 skills")
    expect(rows.nth(1)).to_contain_text(f"Keith Electric{mark}")
    expect(rows.nth(1)).to_contain_text("0 of 1 skills")
    with page.expect_navigation():
        page.get_by_role("button", name=f"Refer Dwayne Electric{mark}").click()
    expect(page.get_by_role("status")).to_contain_text("is referred to")
    expect(page.get_by_role("button", name=f"Refer Dwayne Electric{mark}")).to_have_count(0)

    page.goto(site.country("kn", f"/matching/?job_seeker={opening['dwayne']}"))
    page.locator("tbody tr a").first.click()
    panel = page.locator("section.case-panel")
    expect(panel).to_contain_text("Referred")
    page.get_by_role("link", name="Record the placement").click()
    page.fill("#id_placed_on", datetime.date.today().isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Record the placement").click()
    expect(page.get_by_role("status")).to_contain_text("Placement recorded")
    expect(panel).to_contain_text("Placed")

    def states() -> tuple[str, str, int]:
        with tenant_context(countries["kn"]):
            vacancy = Vacancy.objects.get(pk=opening["vacancy"])
            return JobSeeker.objects.get(pk=opening["dwayne"]).status, vacancy.status, vacancy.posts_filled

    assert committed(states) == ("placed", "filled", 1)
    page.goto(site.country("kn", f"/job_seekers/{opening['dwayne']}/"))
    expect(page.locator("section.case-panel")).to_contain_text("Placed")
