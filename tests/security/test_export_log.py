"""Every export of records is logged (who, which records, filters, how many rows), and only the country's
LMIS administrator reads the log, in the admin, where nothing can be changed or deleted."""

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django_tenants.utils import tenant_context

from clmis.audit.models import Export
from tests.support import client_for, sign_in, user_in


def test_an_export_is_logged_and_only_the_lmis_administrator_reads_the_log(kn):
    statistician = sign_in(client_for("kn.localhost"), kn, "statistician")
    response = statistician.get("/employers/export.xlsx?size_band=250%2B&sort=-name")
    assert response.status_code == 200
    b"".join(response.streaming_content)
    with tenant_context(kn):
        export = Export.objects.get()
        rows = export.rows
    assert export.actor == "kn:statistician" and export.records == "Employers"
    assert export.filters == "size_band=250%2B&sort=-name"
    with tenant_context(kn):
        TOTP.activate(user_in(kn, "lmis_admin"), generate_totp_secret())
    admin = sign_in(client_for("kn.localhost"), kn, "lmis_admin")
    page = admin.get("/admin/audit/export/")
    assert page.status_code == 200 and "kn:statistician" in page.content.decode()
    assert admin.get(f"/admin/audit/export/{export.pk}/delete/").status_code == 403
    assert admin.post(f"/admin/audit/export/{export.pk}/change/", {"rows": rows + 1}).status_code == 403
    with tenant_context(kn):
        assert Export.objects.get().rows == rows
    assert (
        sign_in(client_for("kn.localhost"), kn, "supervisor").get("/admin/audit/export/").status_code == 403
    )


def test_the_log_stays_in_its_country(kn, lc):
    statistician = sign_in(client_for("kn.localhost"), kn, "statistician")
    b"".join(statistician.get("/employers/export.xlsx").streaming_content)
    with tenant_context(lc):
        assert not Export.objects.exists()
