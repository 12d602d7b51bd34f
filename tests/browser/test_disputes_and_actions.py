"""A dispute and an industrial action in the browser: registered with the pickers, worked by the officer,
closed by the supervisor, with their letters and the ILO table of strikes and lockouts."""

import datetime
import os
import uuid

import pytest
from django_tenants.utils import tenant_context
from playwright.sync_api import Page, expect

from modules.casework.models import Case
from modules.employers.models import Employer
from modules.employers.services import employer_save
from modules.reference.selectors import code_lookup
from modules.unions.models import TradeUnion
from modules.unions.services import union_save
from modules.workplaces.services import workplace_save
from tests.browser.pages import sign_in, sign_out
from tests.support import Site, committed

pytestmark = pytest.mark.browser
TODAY = datetime.date.today()
# Where screenshots go when a developer wants to look at the pages (CLMIS_SCREENSHOTS=/tmp/shots).
SHOTS = os.environ.get("CLMIS_SCREENSHOTS", "")


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


@pytest.fixture
def parties(countries):
    """An employer with a workplace and a union in kn, committed; removed with their cases afterwards."""
    tag = uuid.uuid4().hex[:6]

    def make():
        with tenant_context(countries["kn"]):
            employer = employer_save(
                values={
                    "name": f"Sandy Point Bottling {tag}",
                    "registration_number": f"B-{tag}",
                    "isic": code_lookup("isic4", "1104"),
                },
                version=None,
                by=None,
            )
            workplace = workplace_save(
                employer=employer,
                values={"name": f"Bottling plant {tag}", "isic": code_lookup("isic4", "1104")},
                version=None,
                by=None,
            )
            union = union_save(
                values={"name": f"Bottlers Union {tag}", "acronym": "BU"}, version=None, by=None
            )
            return employer, workplace, union

    employer, workplace, union = committed(make)
    yield employer, workplace, union

    def remove() -> None:
        with tenant_context(countries["kn"]):
            Case.objects.filter(dispute__employer=employer).delete()
            Case.objects.filter(industrialaction__employer=employer).delete()
            workplace.delete()
            TradeUnion.objects.filter(pk=union.pk).delete()
            Employer.objects.filter(pk=employer.pk).delete()

    committed(remove)


def test_a_dispute_is_conciliated_and_settled(page: Page, site: Site, parties):
    employer, _workplace, union = parties
    sign_in(page, site.country("kn"), "officer")
    page.get_by_role("link", name="Labour disputes").first.click()
    with page.expect_navigation():  # loaded, with the pickers' script
        page.get_by_role("link", name="Register a dispute").click()
    page.wait_for_load_state()  # the picker's script attaches once the page has loaded
    with page.expect_response(lambda response: "/employers/search/" in response.url):
        page.fill("#id_employer", "Sandy Point Bottling")
    page.fill("#id_employer", str(employer.pk))
    page.select_option("#id_union", str(union.pk))
    page.get_by_label("Wages and salaries").check()
    page.get_by_label("Collective agreement").check()
    page.fill("#id_workers_involved", "85")
    _shot(page, "dispute-form")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("is registered")
    panel = page.locator("section.case-panel")
    expect(panel).to_contain_text("Reported")
    with page.expect_navigation():
        page.get_by_role("button", name="Start conciliation").click()
    expect(panel).to_contain_text("In conciliation")

    page.get_by_role("link", name="Record a meeting").click()
    page.fill("#id_held_on", TODAY.isoformat())
    page.fill("#id_place", "Labour House, Basseterre")
    page.fill("#id_attended_employer", "Plant manager")
    page.fill("#id_attended_workers", "General secretary")
    page.fill("#id_minutes", "Both sides stated their positions.")
    page.fill("#id_next_meeting_on", TODAY.isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("The meeting is recorded.")
    expect(page.locator("ol.timeline")).to_contain_text("Conciliation meeting on")
    page.select_option("#id_key", "disputes/meeting_notice")
    with page.expect_navigation():
        page.get_by_role("button", name="Produce").click()
    expect(page.locator("article.letter")).to_contain_text("Labour House, Basseterre")
    expect(page.locator("article.letter")).to_contain_text(union.name)
    _shot(page, "dispute-notice")
    page.go_back()
    expect(page.get_by_role("link", name="Record settlement")).to_have_count(0)  # closing is a supervisor's
    url = page.url
    sign_out(page)

    sign_in(page, site.country("kn"), "supervisor")
    page.goto(url)
    _shot(page, "dispute-detail")
    page.get_by_role("link", name="Record settlement", exact=True).click()
    page.fill("#id_case-settled_on", TODAY.isoformat())
    page.fill("#id_case-terms", "Wages up 3% from next month; the agreement is renewed for three years.")
    with page.expect_navigation():
        page.get_by_role("button", name="Record settlement").click()
    expect(panel).to_contain_text("Settled")
    page.select_option("#id_key", "disputes/settlement")
    with page.expect_navigation():
        page.get_by_role("button", name="Produce").click()
    expect(page.locator("article.letter")).to_contain_text("renewed for three years")
    _shot(page, "dispute-settlement")


def test_a_strike_is_registered_ended_and_counted(page: Page, site: Site, parties):
    employer, workplace, union = parties
    sign_in(page, site.country("kn"), "officer")
    page.get_by_role("link", name="Industrial actions").first.click()
    with page.expect_navigation():  # loaded, with the pickers' script
        page.get_by_role("link", name="Register an industrial action").click()
    page.select_option("#id_action_type", "strike")
    page.fill("#id_employer", str(employer.pk))
    page.wait_for_load_state()  # the picker's script attaches once the page has loaded
    with page.expect_response(lambda response: "/workplaces/search/" in response.url):
        page.fill("#id_workplace", "Bottling plant")
    page.fill("#id_workplace", str(workplace.pk))
    page.select_option("#id_union", str(union.pk))
    page.fill("#id_workers_women", "12")
    page.fill("#id_workers_men", "48")
    started = TODAY - datetime.timedelta(days=TODAY.weekday() + 7)  # last week's Monday
    page.fill("#id_started_on", started.isoformat())
    page.fill("#id_cause", "WAGES")
    _shot(page, "action-form")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("is registered")
    expect(page.locator("section[aria-labelledby=action-heading]")).to_contain_text("60 (12 women, 48 men)")
    page.select_option("#id_key", "industrial_actions/acknowledgment")
    with page.expect_navigation():
        page.get_by_role("button", name="Produce").click()
    expect(page.locator("article.letter")).to_contain_text("acknowledges the notification")
    page.go_back()
    with page.expect_navigation():
        page.get_by_role("button", name="Record that it began").click()
    url = page.url
    sign_out(page)

    sign_in(page, site.country("kn"), "supervisor")
    page.goto(url)
    page.get_by_role("link", name="Record the end").click()
    page.fill("#id_case-ended_on", (started + datetime.timedelta(days=1)).isoformat())
    page.select_option("#id_case-outcome", "partly")
    page.fill("#id_case-days_not_worked", "114")
    with page.expect_navigation():
        page.get_by_role("button", name="Record the end").click()
    expect(page.locator("section.case-panel")).to_contain_text("Ended")
    expect(page.locator("section[aria-labelledby=action-heading]")).to_contain_text("114")
    _shot(page, "action-detail")

    page.goto(
        site.country("kn", f"/reports/industrial-actions-by-type/?period={started.year}-{started.month:02d}")
    )
    table = page.locator("table").first
    expect(table).to_contain_text("Strike")
    expect(table).to_contain_text("Days not worked")
    _shot(page, "action-report")
