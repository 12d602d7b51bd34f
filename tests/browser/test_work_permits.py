"""A work permit in the browser: an officer registers an employer's application, a supervisor approves it
through the approval form, and the permit certificate carries the permit number."""

import datetime
import uuid

import pytest
from django_tenants.utils import tenant_context
from playwright.sync_api import Page, expect

from modules.casework.models import Case
from modules.employers.models import Employer
from modules.employers.services import employer_save
from modules.reference.selectors import code_lookup
from modules.work_permits.models import WorkPermit, months_after
from tests.browser.pages import sign_in, sign_out
from tests.support import Site, committed

pytestmark = pytest.mark.browser


@pytest.fixture
def employer(countries):
    """A hotel of the register, committed; removed with its applications after the test."""
    registration = f"C-{uuid.uuid4().hex[:6]}"

    def add() -> str:
        with tenant_context(countries["kn"]):
            employer_save(
                values={
                    "name": f"Ocean Terrace Inn {registration}",
                    "registration_number": registration,
                    "isic": code_lookup("isic4", "5510"),
                },
                version=None,
                by=None,
            )
        return registration

    yield committed(add)

    def remove() -> None:
        with tenant_context(countries["kn"]):
            Case.objects.filter(workpermit__employer__registration_number=registration).delete()
            Employer.objects.filter(registration_number=registration).delete()

    committed(remove)


def test_a_permit_is_applied_for_approved_and_its_certificate_printed(
    page: Page, site: Site, employer, countries
):
    today = datetime.date.today()
    worker = f"Priya Nair {employer[-6:]}"
    sign_in(page, site.country("kn"), "officer")
    page.get_by_role("link", name="Work permits").first.click()
    page.get_by_role("link", name="Register an application").click()
    page.fill("#id_employer", employer)
    page.fill("#id_position", "Executive chef")
    page.fill("#id_occupation", "3434")
    page.fill("#id_duration_months", "12")
    page.fill("#id_monthly_salary", "5200")
    page.fill("#id_worker_name", worker)
    page.select_option("#id_worker_sex", "F")
    page.fill("#id_worker_birth_date", "1988-04-02")
    page.fill("#id_citizenship", "IN")
    page.fill("#id_country_of_birth", "IN")
    page.fill("#id_passport_number", "Z1234567")
    page.check("#id_no_suitable_national")
    page.fill("#id_labour_market_note", "No registered job seeker for 3434.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("status")).to_contain_text("is registered")
    panel = page.locator("section.case-panel")
    expect(panel).to_contain_text("Received")
    with page.expect_navigation():
        page.get_by_role("button", name="Start the review").click()
    expect(panel).to_contain_text("Under review")
    expect(page.get_by_role("link", name="Approve")).to_have_count(0)  # an officer cannot decide
    url = page.url
    sign_out(page)

    sign_in(page, site.country("kn"), "supervisor")
    page.goto(url)
    page.get_by_role("link", name="Approve").click()
    page.fill("#id_case-valid_from", today.isoformat())
    page.fill("#id_case-valid_until", (months_after(today, 12) - datetime.timedelta(days=1)).isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("status")).to_contain_text("The case is now Approved.")
    expect(panel).to_contain_text("Approved")

    def permit_number() -> str:
        with tenant_context(countries["kn"]):
            return WorkPermit.objects.get(worker_name=worker).permit_number

    number = committed(permit_number)
    assert number.startswith(f"KN/WP/{today.year}/")
    expect(page.locator("#decision-heading + dl")).to_contain_text(number)

    page.select_option("#id_key", "work_permits/certificate")
    with page.expect_navigation():
        page.get_by_role("button", name="Produce").click()
    letter = page.locator("article.letter")
    expect(letter).to_contain_text(number)
    expect(letter).to_contain_text(worker)
    expect(letter).to_contain_text("India")
    expect(letter).to_contain_text("Executive chef")
