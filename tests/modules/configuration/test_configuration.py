"""Configuration as data: a country's set-up exported to a file and applied to another, exactly; dry runs
that change nothing; refusals that change nothing; the pages, the API and the audit."""

import copy
import datetime
import io
import json

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from clmis import RELEASE
from modules.casework.selectors import letter_offered, numbering_of
from modules.casework.services import letter_template_save, numbering_rule_save
from modules.configuration.models import ConfigurationImport
from modules.configuration.services import configuration_export, configuration_import
from modules.country_settings.services import country_settings_save
from modules.custom_fields.models import CustomField
from modules.custom_fields.services import custom_field_save
from modules.employers.services import employer_save
from modules.labels.services import label_save
from modules.redundancies.services import redundancy_notify
from modules.reference.models import Classification, Code
from modules.reference.services import national_code_save, national_table_create
from tenants.models import Country
from tenants.selectors import modules_enabled_in
from tenants.services import module_disable
from tests.support import client_for, sign_in, user_in

PNG = b"\x89PNG\r\n\x1a\n" + b"\x01" * 32


def _sections(country) -> dict:
    with tenant_context(country):
        return configuration_export()["sections"]


@pytest.fixture
def set_up_kn(kn):
    """kn as a service provider would set it up: a module off, a national table mapped to ISCO, custom
    fields (one a choice from that table), its branding with a logo, Spanish as well as English."""
    with tenant_context(kn):
        module_disable(country=kn, key="farm_programme", by=None)
        trades = national_table_create(key="trade", title="National trades", maps_to="isco08", by=None)
        national_code_save(table=trades, code="MASON", title="Mason", harmonised_code="7112", by=None)
        national_code_save(table=trades, code="MASON-S", title="Stone mason", parent="MASON", by=None)
        national_code_save(
            table=trades, code="CHEF", title="Chef", harmonised_code="3434", active=False, by=None
        )
        for values in (
            {
                "record": "employers.employer",
                "key": "licence",
                "label": "Licence",
                "kind": "text",
                "in_list": True,
            },
            {
                "record": "job_seekers.jobseeker",
                "key": "trade",
                "label": "Trade",
                "kind": "choice",
                "table": trades,
            },
            {"record": "complaints.complaint", "key": "old", "label": "Old", "kind": "text", "active": False},
        ):
            custom_field_save(values=values, version=None, by=None)
        modules = {config.manifest.key for config in modules_enabled_in(kn)}
        letter_template_save(
            letter=letter_offered(modules, "complaints/acknowledgment"),
            language="en",
            subject="We received your complaint {{ reference }}",
            body="<p>Dear {{ complainant }}, we have your complaint {{ reference }}.</p>",
            by=None,
        )
        numbering_rule_save(
            numbering=numbering_of(modules, "complaints.complaint"), pattern="KN-CMP-{seq:05}", by=None
        )
        label_save(
            values={"target": "employers.employer.custom_licence", "language": "es", "text": "Licencia"},
            version=None,
            by=None,
        )
        country_settings_save(
            values={
                "brand_colour": "#14532d",
                "footer": "Basseterre",
                "languages": ["en", "es"],
                "disclosure_threshold": 5,
            },
            version=None,
            by=None,
            logo=SimpleUploadedFile("logo.png", PNG),
        )
    return kn


def test_a_configuration_applied_to_another_country_reproduces_it_exactly(set_up_kn, lc):
    document = json.loads(json.dumps(configuration_export_of(set_up_kn)))  # through JSON, as a file goes
    before = _sections(lc)
    with tenant_context(lc):
        planned = configuration_import(document, apply=False, by=None)
    assert _sections(lc) == before  # a dry run changes nothing
    assert {(change.section, change.action, change.item) for change in planned} >= {
        ("modules", "disable", "farm_programme"),
        ("code_tables", "add", "trade"),
        ("code_tables", "add", "trade/MASON-S"),
        ("custom_fields", "add", "job_seekers.jobseeker/trade"),
    }
    with tenant_context(lc):
        applied = configuration_import(document, apply=True, by=None)
    assert applied == planned  # the dry run listed exactly what applying did
    assert _sections(lc) == document["sections"]
    assert document["sections"]["numbering"] == {"complaints.complaint": "KN-CMP-{seq:05}"}
    assert [letter["key"] for letter in document["sections"]["letters"]] == ["complaints/acknowledgment"]
    assert document["sections"]["labels"] == [
        {"target": "employers.employer.custom_licence", "language": "es", "text": "Licencia", "help_text": ""}
    ]
    with tenant_context(lc):
        assert Country.objects.get(schema_name="lc").default_language == "en"
        record = ConfigurationImport.objects.get()
        assert (record.source, record.release, len(record.changes)) == ("kn", RELEASE, len(applied))
        assert CustomField.objects.get(key="trade").table.key == "trade"
        # Applying again changes nothing more.
        assert configuration_import(document, apply=True, by=None) == []


def configuration_export_of(country) -> dict:
    with tenant_context(country):
        return configuration_export()


def test_what_the_file_does_not_have_is_taken_out_of_use_never_deleted(set_up_kn, lc):
    with tenant_context(lc):
        custom_field_save(
            values={"record": "employers.employer", "key": "own", "label": "Own", "kind": "text"},
            version=None,
            by=None,
        )
        employer_save(values={"name": "Castries Bakery", "custom": {"own": "kept"}}, version=None, by=None)
        changes = configuration_import(configuration_export_of(set_up_kn), apply=True, by=None)
        assert ("custom_fields", "retire", "employers.employer/own") in {
            (c.section, c.action, c.item) for c in changes
        }
        own = CustomField.objects.get(key="own")
        assert not own.active
        assert own.history.first().active is False
    assert _sections(lc)["code_tables"] == _sections(set_up_kn)["code_tables"]  # districts are not carried


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (lambda d: d.update(release="2024.1"), "exported by release 2024.1"),
        (lambda d: d.update(format_version=2), "version 2 of the configuration format"),
        (lambda d: d.update(format="something"), "not a CLMIS configuration file"),
        (lambda d: d["sections"].update(payroll=[]), "Unknown section payroll"),
        (lambda d: d["sections"]["modules"].append("payroll"), "payroll is not installed"),
        (
            lambda d: d["sections"]["custom_fields"].append({"record": "employers.employer"}),
            "missing key, label, kind",
        ),
        (lambda d: d["sections"]["settings"].update(logo="%%%"), "not base64"),
    ],
)
def test_a_file_of_another_release_or_shape_is_refused_whole(set_up_kn, lc, tamper, message):
    document = copy.deepcopy(configuration_export_of(set_up_kn))
    tamper(document)
    before = _sections(lc)
    with pytest.raises(ValidationError) as refused, tenant_context(lc):
        configuration_import(document, apply=True, by=None)
    assert any(message in text for text in refused.value.messages), refused.value.messages
    assert _sections(lc) == before


def test_an_import_that_would_change_what_data_means_is_refused_and_nothing_changes(set_up_kn, lc):
    document = copy.deepcopy(configuration_export_of(set_up_kn))
    with tenant_context(lc):
        custom_field_save(
            values={"record": "employers.employer", "key": "licence", "label": "L", "kind": "number"},
            version=None,
            by=None,
        )
        employer_save(values={"name": "Castries Bakery", "custom": {"licence": 12}}, version=None, by=None)
    before = _sections(lc)
    with pytest.raises(ValidationError) as refused, tenant_context(lc):
        configuration_import(document, apply=True, by=None)
    messages = refused.value.messages
    assert any(
        "custom_fields · employers.employer/licence" in text and "1 records hold a value" in text
        for text in messages
    )
    assert _sections(lc) == before  # not even the parts that could be applied
    with tenant_context(lc):
        assert not ConfigurationImport.objects.exists()


def test_a_module_holding_records_is_not_disabled_by_a_file(set_up_kn, lc):
    document = configuration_export_of(set_up_kn)
    document["sections"]["modules"].remove("redundancies")
    with tenant_context(lc):
        employer = employer_save(values={"name": "Castries Bakery"}, version=None, by=None)
        reason = Code.objects.filter(classification__key="redundancy_reason").first()
        when = datetime.date.today()
        redundancy_notify(values={"employer": employer, "reason": reason, "effective_on": when}, by=None)
        with pytest.raises(ValidationError) as refused:
            configuration_import(document, apply=True, by=None)
    assert any("redundancies: it holds records here" in text for text in refused.value.messages)


@pytest.fixture
def lc_admin(lc):
    with tenant_context(lc):
        TOTP.activate(user_in(lc, "lmis_admin"), generate_totp_secret())
    return sign_in(client_for("lc.localhost"), lc, "lmis_admin")


def test_the_administrator_previews_and_applies_a_file_from_the_pages(set_up_kn, lc, lc_admin):
    text = json.dumps(configuration_export_of(set_up_kn)).encode()
    upload = SimpleUploadedFile("kn.json", text, content_type="application/json")
    preview = lc_admin.post(
        "/settings/configuration/preview/", {"file": upload, "sections": ["custom_fields", "code_tables"]}
    )
    assert preview.status_code == 200
    assert "job_seekers.jobseeker/trade" in preview.content.decode()
    assert {change.section for change in preview.context["changes"]} == {"custom_fields", "code_tables"}
    with tenant_context(lc):
        assert not CustomField.objects.exists()
    apply = preview.context["apply_form"]
    applied = lc_admin.post(
        "/settings/configuration/apply/",
        {
            "document": apply.initial["document"],
            "checksum": apply.initial["checksum"],
            "sections": apply.initial["sections"],
        },
    )
    assert applied.status_code == 302
    with tenant_context(lc):
        assert set(CustomField.objects.values_list("key", flat=True)) == {"licence", "trade", "old"}
        assert CustomField.objects.get(key="trade").history.get().actor == "lc:lmis_admin"
        assert ConfigurationImport.objects.get().actor == "lc:lmis_admin"
        assert "farm_programme" in {
            e.module for e in Country.objects.get(schema_name="lc").module_enablements.all()
        }
    history = lc_admin.get("/settings/configuration/").content.decode()
    assert "Configurations applied here" in history and "KN" in history

    tampered = lc_admin.post(
        "/settings/configuration/apply/",
        {
            "document": apply.initial["document"].replace("Licence", "Permit"),
            "checksum": apply.initial["checksum"],
            "sections": ["custom_fields"],
        },
        follow=True,
    )
    assert "differs from the one previewed" in tampered.content.decode()

    exported = lc_admin.get("/settings/configuration/export.json")
    assert exported["Content-Disposition"].startswith('attachment; filename="clmis-configuration-lc-')
    assert json.load(io.BytesIO(exported.content))["sections"]["custom_fields"][0]["key"] == "old"


def test_the_api_exports_previews_and_applies(set_up_kn, lc, lc_admin):
    document = lc_admin.get("/api/v1/configuration/").json()
    assert document["country"] == "lc" and document["release"] == RELEASE
    kn_document = configuration_export_of(set_up_kn)
    dry = lc_admin.post(
        "/api/v1/configuration/import/?sections=custom_fields,code_tables",
        kn_document,
        content_type="application/json",
    )
    assert dry.status_code == 200 and dry.json()["applied"] is False
    assert len([change for change in dry.json()["changes"] if change["section"] == "custom_fields"]) == 3
    alone = lc_admin.post(
        "/api/v1/configuration/import/?sections=custom_fields", kn_document, content_type="application/json"
    )
    assert alone.status_code == 400  # the choice field's code table is not here without the tables
    assert "there is no code table trade" in json.dumps(alone.json())
    with tenant_context(lc):
        assert not CustomField.objects.exists()
    wrong = lc_admin.post(
        "/api/v1/configuration/import/?apply=true",
        kn_document | {"release": "1999.1"},
        content_type="application/json",
    )
    assert wrong.status_code == 400 and "1999.1" in json.dumps(wrong.json())
    done = lc_admin.post(
        "/api/v1/configuration/import/?apply=true&sections=custom_fields,code_tables",
        kn_document,
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["applied"] is True
    with tenant_context(lc):
        assert CustomField.objects.count() == 3 and Classification.objects.filter(key="trade").exists()


def test_officers_can_neither_export_nor_import(lc):
    officer = sign_in(client_for("lc.localhost"), lc, "officer")
    assert officer.get("/settings/configuration/").status_code == 403
    assert officer.get("/settings/configuration/export.json").status_code == 403
    assert officer.get("/api/v1/configuration/").status_code == 403
    assert (
        officer.post(
            "/api/v1/configuration/import/?apply=true", {}, content_type="application/json"
        ).status_code
        == 403
    )
