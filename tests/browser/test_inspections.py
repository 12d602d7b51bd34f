"""An inspection in the browser: an officer plans it, records the visit, the checklist and a violation;
a supervisor closes it."""

import datetime
import uuid

import pytest
from django_tenants.utils import tenant_context
from playwright.sync_api import Page, expect

from modules.casework.models import Case
from modules.employers.models import Employer
from modules.employers.services import employer_save
from modules.reference.selectors import code_lookup
from modules.workplaces.models import Workplace
from modules.workplaces.services import workplace_save
from tests.browser.pages import sign_in, sign_out
from tests.support import Site, committed

pytestmark = pytest.mark.browser


@pytest.fixture
def workplace(countries):
    """A workplace like the demo ones (a hotel's main site), committed; removed with its inspections after."""
    name = f"Ocean Terrace Inn {uuid.uuid4().hex[:6]}"

    def add() -> tuple[int, str]:
        with tenant_context(countries["kn"]):
            employer = employer_save(
                values={
                    "name": name,
                    "isic": code_lookup("isic4", "5510"),
                    "size_band": "10-49",
                    "city": "Basseterre",
                },
                version=None,
                by=None,
            )
            site = workplace_save(
                employer=employer,
                values={"name": "Head office", "city": "Basseterre", "workers_women": 17, "workers_men": 14},
                version=None,
                by=None,
            )
            return site.pk, name

    pk, employer_name = committed(add)
    yield pk, employer_name

    def remove() -> None:
        with tenant_context(countries["kn"]):
            Case.objects.filter(inspection__workplace_id=pk).delete()
            Workplace.objects.filter(pk=pk).delete()
            Employer.objects.filter(name=employer_name).delete()

    committed(remove)


def test_an_inspection_is_planned_visited_recorded_and_closed(page: Page, site: Site, workplace):
    pk, employer_name = workplace
    today = datetime.date.today().isoformat()
    sign_in(page, site.country("kn"), "officer")
    page.get_by_role("link", name="Inspections").first.click()
    page.get_by_role("link", name="Plan an inspection").click()
    page.select_option("#id_kind", "planned")
    # The picker asks the server as one types: part of the employer's name offers its workplace.
    page.wait_for_load_state()  # the picker's script attaches once the page has loaded
    with page.expect_response(lambda response: "/workplaces/search/" in response.url):
        page.fill("#id_workplace", employer_name[:14])
    expect(page.locator(f"#id_workplace-codes option[value='{pk}']")).to_have_count(1)
    page.fill("#id_workplace", str(pk))
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("status")).to_contain_text("is planned")
    panel = page.locator("section.case-panel")
    expect(panel).to_contain_text("Planned")
    expect(page.locator("dl.facts").last).to_contain_text(employer_name)

    page.get_by_role("link", name="Record the visit").click()
    page.fill("#id_case-visited_on", today)
    page.fill("#id_case-workers_women", "12")
    page.fill("#id_case-workers_men", "9")
    page.fill("#id_case-findings", "Kitchen staff work split shifts without a break.")
    with page.expect_navigation():
        page.get_by_role("button", name="Record the visit").click()
    expect(panel).to_contain_text("Visited")
    expect(page.locator("dl.facts").last).to_contain_text("12 women, 9 men (21 in all)")

    page.get_by_role("link", name="Fill in the checklist").click()
    page.select_option("#id_WAGES-finding", "not_compliant")
    page.fill("#id_WAGES-note", "Overtime paid at the normal rate.")
    page.select_option("#id_HOURS-finding", "compliant")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("The checklist is saved.")
    expect(page.locator("table.checklist")).to_contain_text("Overtime paid at the normal rate.")

    page.get_by_role("link", name="Record a violation").click()
    page.fill("#id_area", "WAGES")
    page.fill("#id_provision", "Protection of Wages Act, s. 4")
    page.fill("#id_description", "Overtime paid at the normal rate for three months.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.locator("table.violations")).to_contain_text("Protection of Wages Act, s. 4")
    expect(page.get_by_role("link", name="Close the inspection")).to_have_count(0)  # an officer cannot close
    url = page.url
    sign_out(page)

    sign_in(page, site.country("kn"), "supervisor")
    page.goto(url)
    page.get_by_role("link", name="Close the inspection").click()
    expect(page.locator("#id_case-workers_women")).to_have_value("12")
    with page.expect_navigation():
        page.get_by_role("button", name="Close the inspection").click()
    expect(page.get_by_role("status")).to_contain_text("The case is now Closed.")
    expect(panel).to_contain_text("Closed")
    timeline = page.locator("ol.timeline")
    expect(timeline).to_contain_text("Visited → Closed")
    expect(timeline).to_contain_text("kn:supervisor")
    expect(timeline).to_contain_text("Checklist: Hours of work: Compliant; Wages: Not compliant.")
    expect(timeline).to_contain_text("Violation: Wages, Protection of Wages Act, s. 4.")
    history = page.locator("section.history")
    expect(history).to_contain_text("kn:officer")
    expect(history).to_contain_text("kn:supervisor")
    expect(page.get_by_role("link", name="Record a violation")).to_have_count(0)  # closed
