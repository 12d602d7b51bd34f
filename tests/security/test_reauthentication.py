"""Sensitive actions ask for the password again: exports of records (personal data in bulk), giving
roles, changing what a role may do and setting passwords. The request is carried out once it is given."""

import io
import time

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from tests.support import PASSWORD, client_for, password_confirmation_record, sign_in, user_in

EXPORT = "/employers/export.xlsx?sort=name"


def test_an_export_asks_for_the_password_then_downloads(kn):
    statistician = sign_in(client_for("kn.localhost"), kn, "statistician", password_confirmed=False)
    asked = statistician.get(EXPORT)
    assert asked.status_code == 302 and asked["Location"].startswith("/accounts/reauthenticate/?next=")
    refused = statistician.post(asked["Location"], {"password": "not the password"})
    assert refused.status_code == 200 and statistician.get(EXPORT).status_code == 302
    confirmed = statistician.post(asked["Location"], {"password": PASSWORD})
    assert confirmed.status_code == 302 and confirmed["Location"] == EXPORT
    download = statistician.get(EXPORT)
    assert download.status_code == 200
    assert load_workbook(io.BytesIO(b"".join(download.streaming_content))).active["A1"].value == "Name"


def test_a_confirmation_lasts_five_minutes(kn, settings):
    statistician = sign_in(client_for("kn.localhost"), kn, "statistician")
    assert statistician.get(EXPORT).status_code == 200
    with tenant_context(kn):
        session = statistician.session
        password_confirmation_record(session, user_in(kn, "statistician"))
        session["account_authentication_methods"][0]["at"] = (
            time.time() - settings.ACCOUNT_REAUTHENTICATION_TIMEOUT
        )
        session.save()
    assert statistician.get(EXPORT)["Location"].startswith("/accounts/reauthenticate/")


def test_without_the_right_to_export_nobody_is_asked_for_a_password(kn):
    officer = sign_in(client_for("kn.localhost"), kn, "officer", password_confirmed=False)
    assert officer.get(EXPORT).status_code == 403


def test_giving_a_role_asks_the_administrator_for_their_password_first(kn):
    with tenant_context(kn):
        TOTP.activate(user_in(kn, "lmis_admin"), generate_totp_secret())
        officer = user_in(kn, "officer")
    admin = sign_in(client_for("kn.localhost"), kn, "lmis_admin", password_confirmed=False)
    page = f"/admin/accounts/user/{officer.pk}/change/"
    for path in (page, f"/admin/accounts/user/{officer.pk}/password/", "/admin/accounts/user/add/"):
        assert admin.get(path)["Location"].startswith("/accounts/reauthenticate/"), path
    with tenant_context(kn):
        role = Group.objects.get(name="supervisor")
    assert admin.get(f"/admin/auth/group/{role.pk}/change/")["Location"].startswith(
        "/accounts/reauthenticate/"
    )
    confirmed = admin.post(admin.get(page)["Location"], {"password": PASSWORD}, follow=True)
    assert confirmed.status_code == 200 and confirmed.redirect_chain[-1][0] == page
