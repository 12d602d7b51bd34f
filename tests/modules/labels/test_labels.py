"""A country's own wording of its forms' fields and its menu, per language; refusals; audit; isolation."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context

from modules.custom_fields.services import custom_field_save
from modules.labels.models import Label
from modules.labels.services import label_save
from tests.support import client_for, sign_in, user_in


@pytest.fixture
def admin(kn):
    with tenant_context(kn):
        TOTP.activate(user_in(kn, "lmis_admin"), generate_totp_secret())
    return sign_in(client_for("kn.localhost"), kn, "lmis_admin")


def _in(client, language: str):
    client.cookies["django_language"] = language
    return client


def test_the_administrator_rewords_a_field_and_a_menu_entry_in_one_language(admin, kn):
    page = admin.get("/settings/labels/new/").content.decode()
    assert 'value="complaints.complaint.category"' in page and 'value="menu:complaints:list"' in page
    for target, text, help_text in (
        ("complaints.complaint.category", "Tipo de queja", "Lo que el trabajador reclama."),
        ("menu:complaints:list", "Quejas laborales", ""),
    ):
        saved = admin.post(
            "/settings/labels/new/",
            {"target": target, "language": "es", "text": text, "help_text": help_text},
        )
        assert saved.status_code == 302, saved.content.decode()
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    form = _in(officer, "es").get("/complaints/new/").content.decode()
    assert "Tipo de queja" in form and "Lo que el trabajador reclama." in form and "Quejas laborales" in form
    english = _in(officer, "en").get("/complaints/new/").content.decode()
    assert "Tipo de queja" not in english and "Quejas laborales" not in english
    with tenant_context(kn):
        assert Label.objects.get(target="menu:complaints:list").history.get().actor == "kn:lmis_admin"


def test_a_custom_field_speaks_each_language(kn):
    with tenant_context(kn):
        custom_field_save(
            values={
                "record": "employers.employer",
                "key": "licence",
                "label": "Tourism licence",
                "kind": "text",
            },
            version=None,
            by=None,
        )
        label_save(
            values={
                "target": "employers.employer.custom_licence",
                "language": "nl",
                "text": "Toerismevergunning",
            },
            version=None,
            by=None,
        )
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    assert "Toerismevergunning" in _in(officer, "nl").get("/employers/new/").content.decode()
    assert "Tourism licence" in _in(officer, "en").get("/employers/new/").content.decode()


def test_what_cannot_be_relabelled_is_refused_and_only_administrators_may(kn, admin):
    with tenant_context(kn), pytest.raises(ValidationError) as refused:
        label_save(
            values={"target": "payroll.payslip.amount", "language": "en", "text": "Pay"},
            version=None,
            by=None,
        )
    assert "cannot be relabelled" in refused.value.message_dict["target"][0]
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    assert officer.get("/settings/labels/").status_code == 403
    with tenant_context(kn):
        assert not Label.objects.exists()


def test_removing_the_wording_brings_back_the_platforms(admin, kn):
    with tenant_context(kn):
        label = label_save(
            values={"target": "menu:complaints:list", "language": "en", "text": "Grievances"},
            version=None,
            by=None,
        )
    assert "Grievances" in _in(admin, "en").get("/").content.decode()
    assert admin.post(f"/settings/labels/{label.pk}/remove/").status_code == 302
    assert "Grievances" not in _in(admin, "en").get("/").content.decode()
    with tenant_context(kn):
        assert Label.history.filter(history_type="-", actor="kn:lmis_admin").exists()


def test_a_countrys_wording_is_its_own(kn, lc):
    with tenant_context(kn):
        label_save(
            values={"target": "menu:complaints:list", "language": "en", "text": "Grievances"},
            version=None,
            by=None,
        )
    lc_officer = sign_in(client_for("lc.localhost"), lc, "officer")
    assert "Grievances" not in _in(lc_officer, "en").get("/").content.decode()
