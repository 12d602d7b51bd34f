"""An indicator value from the agency to the public, in the browser: a submitter of the statistics office
uploads a file of values, the LMIS administrator approves them, and the public page shows them, with
the count too small to publish hidden."""

import uuid

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django_tenants.utils import tenant_context
from playwright.sync_api import Page, expect

from clmis.accounts.services import user_create
from modules.indicators.models import Agency, Indicator
from modules.indicators.services import agency_member_add, agency_save, indicator_save
from tests.browser.pages import sign_in, sign_out, two_factor
from tests.support import PASSWORD, Site, committed

pytestmark = pytest.mark.browser


@pytest.fixture
def publication(countries):
    """In kn: an agency with a submitter, a national indicator of it, an administrator with an
    authenticator; all removed after the test."""
    suffix = uuid.uuid4().hex[:6].upper()
    secret = generate_totp_secret()
    names = {"submitter": f"sub_{suffix.lower()}", "admin": f"adm_{suffix.lower()}"}

    def add() -> int:
        with tenant_context(countries["kn"]):
            agency = agency_save(
                values={"name": f"Statistics {suffix}", "acronym": "STAT", "kind": "statistics"},
                version=None,
                by=None,
            )
            submitter = user_create(
                username=names["submitter"],
                email=f"{names['submitter']}@example.org",
                password=PASSWORD,
                roles=["agency_submitter"],
            )
            agency_member_add(agency=agency, user=submitter, by=None)
            admin = user_create(
                username=names["admin"],
                email=f"{names['admin']}@example.org",
                password=PASSWORD,
                roles=["lmis_admin"],
            )
            TOTP.activate(admin, secret)
            indicator = indicator_save(
                values={
                    "code": f"KN_B{suffix}_NB",
                    "name": f"Apprentices registered {suffix}",
                    "unit": "NB",
                    "frequencies": ["A"],
                    "dimensions": ["SEX"],
                    "agency": agency,
                },
                version=None,
                by=None,
            )
            return indicator.pk

    pk = committed(add)
    yield pk, suffix, names, secret

    def remove() -> None:
        with tenant_context(countries["kn"]):
            Indicator.objects.filter(pk=pk).delete()
            get_user_model().objects.filter(username__in=names.values()).delete()
            Agency.objects.filter(name=f"Statistics {suffix}").delete()
        cache.clear()

    committed(remove)


def test_a_submitted_file_is_approved_and_published(page: Page, site: Site, publication, tmp_path):
    pk, suffix, names, secret = publication
    code = f"KN_B{suffix}_NB"
    upload = tmp_path / "values.csv"
    upload.write_text(
        "period,SEX,value,numerator,denominator,flag\n2025,,41,,,\n2025,SEX_F,39,,,\n2025,SEX_M,2,,,\n"
    )

    sign_in(page, site.country("kn"), names["submitter"])
    page.goto(site.country("kn", f"/indicators/submit/{pk}/upload/"))
    page.set_input_files("input[type=file]", str(upload))
    with page.expect_navigation():
        page.get_by_role("button", name="Submit the file for approval").click()
    expect(page.get_by_role("status")).to_contain_text("3 values are submitted for approval.")
    sign_out(page)

    # Nothing is public before approval.
    page.goto(site.country("kn", f"/lmi/{code}/"))
    expect(page.locator("h1")).not_to_contain_text(f"Apprentices registered {suffix}")

    sign_in(page, site.country("kn"), names["admin"])
    two_factor(page, secret)
    page.goto(site.country("kn", f"/indicators/values/?indicator={pk}"))
    for box in page.locator("input[name=selected]").all():
        box.check()
    with page.expect_navigation():
        page.get_by_role("button", name="Approve").click()
    sign_out(page)
    committed(cache.clear)

    page.goto(site.country("kn", f"/lmi/{code}/"))
    expect(page.locator("h1")).to_have_text(f"Apprentices registered {suffix}")
    table = page.locator("table tbody")
    expect(table).to_contain_text("41")
    expect(table).to_contain_text("not shown")  # the men's 2, and the women's 39 that would reveal it
    expect(table).not_to_contain_text("39")
