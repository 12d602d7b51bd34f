"""Service providers: accredited and assigned at the hub, they configure their countries from the console
(modules, custom fields, settings, configuration files) and nothing else; every change is recorded at the
hub and in the country, whose LMIS administrators are told of it and may revert it."""

import datetime
import json

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context

from clmis.accounts.services import user_create
from clmis.demo import provider_demo
from modules.configuration.models import ConfigurationImport, ProviderChangeNotice
from modules.configuration.services import configuration_export, provider_change_revert
from modules.country_settings.models import CountrySettings
from modules.custom_fields.models import CustomField
from modules.custom_fields.services import custom_field_save
from tenants.models import ModuleEnablement, ProviderAssignment, ProviderChange, ServiceProvider
from tenants.providers.console import (
    console_configuration_import,
    console_custom_field_save,
    console_module_change,
    console_open,
    console_settings_save,
)
from tenants.providers.selectors import countries_assigned_to, provider_of
from tenants.providers.services import (
    provider_assign,
    provider_save,
    provider_staff_add,
    provider_staff_remove,
    provider_unassign,
)
from tenants.selectors import modules_enabled_in
from tenants.services import module_disable, module_enable
from tests.support import PASSWORD, client_for, sign_in, user_in

PROVIDER = "Caribbean LMIS Services"
ACTOR = f"hub:service_provider ({PROVIDER})"


def _today() -> datetime.date:
    return timezone.localdate()


def _provider_values(**changes) -> dict:
    return {
        "name": PROVIDER,
        "registration_number": "HUB-SP-001",
        "email": "support@cls.example",
        "accredited_from": _today() - datetime.timedelta(days=30),
    } | changes


def _hub(work):
    with schema_context(get_public_schema_name()):
        return work()


@pytest.fixture
def provider(countries, db) -> ServiceProvider:
    """Caribbean LMIS Services, accredited for a month, the hub's service_provider user on its staff,
    assigned to kn and lc (not sr)."""

    def make():
        made = provider_save(values=_provider_values(), version=None, by=None)
        provider_staff_add(provider=made, user=user_in(None, "service_provider"), by=None)
        for code in ("kn", "lc"):
            provider_assign(provider=made, country=countries[code], by=None)
        return made

    return _hub(make)


@pytest.fixture
def console(provider):
    """The provider's staff member at the hub, signed in with two-factor authentication."""
    _hub(lambda: TOTP.activate(user_in(None, "service_provider"), generate_totp_secret()))
    return sign_in(client_for("localhost"), None, "service_provider")


@pytest.fixture
def staff(provider):
    """The console of the staff member, for calling its actions directly."""
    return _hub(lambda: console_open(user_in(None, "service_provider")))


@pytest.fixture
def hub_admin(countries, db):
    _hub(lambda: TOTP.activate(user_in(None, "hub_admin"), generate_totp_secret()))
    return sign_in(client_for("localhost"), None, "hub_admin")


@pytest.fixture
def kn_admin(kn):
    with tenant_context(kn):
        TOTP.activate(user_in(kn, "lmis_admin"), generate_totp_secret())
    return sign_in(client_for("kn.localhost"), kn, "lmis_admin")


def _enabled(country) -> set[str]:
    return {config.manifest.key for config in modules_enabled_in(country)}


def _field_post(**changes) -> dict:
    return {
        "record": "employers.employer",
        "key": "licence",
        "label": "Licence",
        "help_text": "",
        "kind": "text",
        "position": "10",
        "active": "on",
    } | changes


# --- Accreditation and assignment ------------------------------------------------------------------------


def test_a_provider_counts_only_while_accredited_and_an_assignment_only_while_current(provider, kn, lc, sr):
    today = _today()
    user = user_in(None, "service_provider")
    assert _hub(lambda: provider_of(user, today=today)) == provider
    assert {country.code for country in countries_assigned_to(provider, today=today)} == {"kn", "lc"}

    assignment = ProviderAssignment.objects.get(provider=provider, country=lc)
    provider_unassign(assignment=assignment, by=None)
    assert {country.code for country in countries_assigned_to(provider, today=today)} == {"kn"}
    with pytest.raises(ValidationError, match="already ended"):
        provider_unassign(assignment=assignment, by=None)
    # Ended, it stays as the record of when the provider worked there; a new assignment may follow it.
    provider_assign(provider=provider, country=lc, by=None)
    assert ProviderAssignment.objects.filter(provider=provider, country=lc).count() == 2

    with pytest.raises(ValidationError, match="already assigned to Saint Kitts and Nevis"):
        provider_assign(provider=provider, country=kn, since=today + datetime.timedelta(days=10), by=None)
    later = provider_assign(
        provider=provider,
        country=sr,
        since=today + datetime.timedelta(days=5),
        until=today + datetime.timedelta(days=9),
        by=None,
    )
    assert not later.is_current(today) and later.is_current(today + datetime.timedelta(days=5))
    assert "sr" not in {country.code for country in countries_assigned_to(provider, today=today)}

    provider_save(
        provider=provider,
        values={"accredited_until": today - datetime.timedelta(days=1)},
        version=provider.version,
        by=None,
    )
    assert _hub(lambda: provider_of(user, today=today)) is None
    assert _hub(lambda: console_open(user)) is None
    with pytest.raises(ValidationError, match="is not accredited on"):
        provider_assign(provider=provider, country=sr, by=None)


def test_accreditation_and_staff_are_checked(provider):
    with pytest.raises(ValidationError) as refused:
        provider_save(
            values=_provider_values(
                name="Another",
                registration_number="HUB-SP-002",
                accredited_until=_today() - datetime.timedelta(days=90),
            ),
            version=None,
            by=None,
        )
    assert "cannot end before it starts" in str(refused.value)
    with pytest.raises(ValidationError, match="already exists"):
        provider_save(values=_provider_values(registration_number="HUB-SP-003"), version=None, by=None)
    other = provider_save(
        values=_provider_values(name="Island Systems", registration_number="HUB-SP-004"),
        version=None,
        by=None,
    )
    with pytest.raises(ValidationError, match="does not hold the service provider role"):
        _hub(lambda: provider_staff_add(provider=other, user=user_in(None, "hub_admin"), by=None))
    with pytest.raises(ValidationError, match=f"already works for {PROVIDER}"):
        _hub(lambda: provider_staff_add(provider=other, user=user_in(None, "service_provider"), by=None))


def test_the_hub_administrator_accredits_assigns_and_names_staff_from_the_pages(hub_admin, kn):
    created = hub_admin.post(
        "/providers/new/",
        {
            "name": "Island Systems",
            "registration_number": "HUB-SP-010",
            "email": "office@island.example",
            "accredited_from": _today().isoformat(),
            "accredited_until": "",
            "notes": "",
        },
    )
    assert created.status_code == 302
    provider = ServiceProvider.objects.get(name="Island Systems")
    assert created["Location"] == f"/providers/{provider.pk}/"
    listing = hub_admin.get("/providers/?q=island&accredited=yes").content.decode()
    assert "Island Systems" in listing and "HUB-SP-010" in listing
    assert "No service provider matches" in hub_admin.get("/providers/?accredited=no").content.decode()

    assert hub_admin.post(f"/providers/{provider.pk}/assignments/", {"country": kn.pk}).status_code == 302
    refused = hub_admin.post(f"/providers/{provider.pk}/assignments/", {"country": kn.pk})
    assert "already assigned to Saint Kitts and Nevis" in refused.content.decode()
    user = user_in(None, "service_provider")
    assert hub_admin.post(f"/providers/{provider.pk}/staff/", {"user": user.pk}).status_code == 302

    page = hub_admin.get(f"/providers/{provider.pk}/").content.decode()
    assert "Saint Kitts and Nevis (kn)" in page and "hub:hub_admin" in page and "service_provider" in page

    edited = hub_admin.post(
        f"/providers/{provider.pk}/edit/",
        {
            "name": "Island Systems Ltd",
            "registration_number": "HUB-SP-010",
            "email": "office@island.example",
            "accredited_from": _today().isoformat(),
            "accredited_until": "",
            "notes": "Renewed",
            "version": "1",
        },
    )
    assert edited.status_code == 302
    provider.refresh_from_db()
    assert provider.name == "Island Systems Ltd" and provider.history.first().actor == "hub:hub_admin"

    assignment = provider.assignments.get()
    assert hub_admin.post(f"/providers/{provider.pk}/assignments/{assignment.pk}/end/").status_code == 302
    assignment.refresh_from_db()
    assert assignment.until == _today() and assignment.history.first().actor == "hub:hub_admin"
    staff = provider.staff.get()
    assert hub_admin.post(f"/providers/{provider.pk}/staff/{staff.pk}/remove/").status_code == 302
    assert not provider.staff.exists()


def test_only_hub_administrators_manage_providers(provider, console, countries):
    analyst = sign_in(client_for("localhost"), None, "regional_analyst")
    for client in (analyst, console):
        assert client.get("/providers/").status_code == 403
        assert (
            client.post(f"/providers/{provider.pk}/assignments/", {"country": countries["sr"].pk}).status_code
            == 403
        )
    assert not provider.assignments.filter(country=countries["sr"]).exists()


def test_the_demo_provider_works_for_kn_and_lc(countries, db):
    said = []
    with schema_context(get_public_schema_name()):
        user_create(
            username="provider", email="provider@hub.example", password=PASSWORD, roles=["service_provider"]
        )
        provider_demo(said.append)
        provider_demo(said.append)
        provider = ServiceProvider.objects.get(name="Caribbean LMIS Services")
        assert provider.staff.get().user.username == "provider"
        assert {country.code for country in countries_assigned_to(provider, today=_today())} == {"kn", "lc"}
    assert len(said) == 4  # accredited, staff, kn, lc: the second load changes nothing


# --- The console: only the countries assigned ------------------------------------------------------------


def test_the_console_needs_two_factor_authentication(provider):
    client = sign_in(client_for("localhost"), None, "service_provider")
    response = client.get("/console/kn/")
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/totp/activate/"


def test_the_provider_sees_only_the_countries_assigned(console, provider, kn, lc, sr):
    home = console.get("/console/").content.decode()
    assert "Saint Kitts and Nevis" in home and "Saint Lucia" in home and "Suriname" not in home
    assert "Console" in console.get("/").content.decode()
    for url in ("/console/kn/", "/console/kn/fields/", "/console/kn/settings/", "/console/kn/configuration/"):
        assert console.get(url).status_code == 200, url

    before = _enabled(sr)
    for url, data in (
        ("/console/sr/", None),
        ("/console/sr/fields/", None),
        ("/console/sr/settings/", None),
        ("/console/sr/configuration/export.json", None),
        ("/console/sr/modules/", {"module": "farm_programme", "action": "disable"}),
        ("/console/sr/fields/new/", _field_post()),
        ("/console/sr/settings/", {"site_name": "Taken", "languages": ["nl"], "default_language": "nl"}),
        ("/console/zz/", None),
    ):
        response = console.post(url, data) if data else console.get(url)
        assert response.status_code == 404, url
    assert _enabled(sr) == before
    with tenant_context(sr):
        assert not CustomField.objects.exists() and not CountrySettings.objects.exists()
    assert not ProviderChange.objects.exists()

    # Ended today, the assignment gives nothing any more.
    provider_unassign(assignment=provider.assignments.get(country=lc), by=None)
    assert console.get("/console/lc/").status_code == 404
    assert (
        console.post("/console/lc/modules/", {"module": "farm_programme", "action": "disable"}).status_code
        == 404
    )
    assert "farm_programme" in _enabled(lc)


def test_the_console_is_for_staff_of_an_accredited_provider_only(console, provider, countries):
    with schema_context(get_public_schema_name()):
        user_create(
            username="freelancer", email="free@example.org", password=PASSWORD, roles=["service_provider"]
        )
        TOTP.activate(user_in(None, "freelancer"), generate_totp_secret())
    freelancer = sign_in(client_for("localhost"), None, "freelancer")
    assert freelancer.get("/console/").status_code == 403
    assert freelancer.get("/console/kn/").status_code == 403
    analyst = sign_in(client_for("localhost"), None, "regional_analyst")
    assert analyst.get("/console/kn/").status_code == 403

    provider_save(
        provider=provider,
        values={"accredited_until": _today() - datetime.timedelta(days=1)},
        version=provider.version,
        by=None,
    )
    assert console.get("/console/").status_code == 403
    refused = console.post("/console/kn/modules/", {"module": "farm_programme", "action": "disable"})
    assert refused.status_code == 403 and "farm_programme" in _enabled(countries["kn"])

    provider_staff_remove(staff=provider.staff.get(), by=None)
    assert console.get("/console/").status_code == 403


def test_a_console_action_checks_the_assignment_itself(staff, sr):
    with pytest.raises(PermissionDenied):
        console_module_change(console=staff, country=sr, key="farm_programme", enable=False)
    assert "farm_programme" in _enabled(sr)


def test_the_provider_never_reaches_case_data(console, kn):
    # The hub has no case pages, lists or API: the console offers configuration only.
    for url in (
        "/cases/",
        "/complaints/",
        "/employers/",
        "/api/v1/complaints/",
        "/api/v1/cases/",
        "/reports/",
    ):
        assert console.get(url).status_code == 404, url
    console_pages = [console.get(url).content.decode() for url in ("/console/kn/", "/console/kn/fields/")]
    assert all("/complaints/" not in page for page in console_pages)
    # The hub session is worthless on a country's host: users and sessions are per schema.
    country = client_for("kn.localhost")
    country.cookies = console.cookies
    assert country.get("/").status_code == 302
    assert country.get("/complaints/")["Location"].startswith("/accounts/login/")
    assert country.get("/api/v1/complaints/").status_code == 401


# --- The console's actions, end to end, audited on both sides ---------------------------------------------


def _notice(country) -> ProviderChangeNotice:
    with tenant_context(country):
        return ProviderChangeNotice.objects.get()


def test_the_provider_disables_and_enables_a_module(
    console, kn, provider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = console.post(
            "/console/kn/modules/", {"module": "farm_programme", "action": "disable"}, follow=True
        )
    assert "is disabled" in response.content.decode()
    assert "farm_programme" not in _enabled(kn)
    record = ModuleEnablement.history.filter(country_id=kn.pk, module="farm_programme").first()
    assert record.history_type == "-" and record.actor == ACTOR

    change = ProviderChange.objects.get()
    assert (change.provider, change.country, change.kind) == (provider, kn, "module_disabled")
    assert change.user == user_in(None, "service_provider") and change.actor == ACTOR
    assert "Farm" in change.summary
    notice = _notice(kn)
    assert (notice.actor, notice.provider, notice.hub_change, notice.kind) == (
        ACTOR,
        PROVIDER,
        change.pk,
        change.kind,
    )
    assert notice.undo == {"module": "farm_programme"}

    # Asking again changes nothing and records nothing; a refusal says why.
    console.post("/console/kn/modules/", {"module": "farm_programme", "action": "disable"})
    refused = console.post("/console/kn/modules/", {"module": "employers", "action": "disable"}, follow=True)
    assert "disable them first" in refused.content.decode() and "employers" in _enabled(kn)
    assert ProviderChange.objects.count() == 1
    console.post("/console/kn/modules/", {"module": "farm_programme", "action": "enable"})
    assert "farm_programme" in _enabled(kn) and ProviderChange.objects.first().kind == "module_enabled"


def test_the_provider_adds_and_changes_a_custom_field(console, kn, lc):
    added = console.post("/console/kn/fields/new/", _field_post())
    assert added.status_code == 302 and added["Location"] == "/console/kn/fields/"
    with tenant_context(kn):
        field = CustomField.objects.get(key="licence")
        assert field.history.get().actor == ACTOR
    assert "Licence" in console.get("/console/kn/fields/").content.decode()

    changed = console.post(
        f"/console/kn/fields/{field.pk}/", _field_post(label="Trade licence", required="on", version="1")
    )
    assert changed.status_code == 302
    with tenant_context(kn):
        field.refresh_from_db()
        assert (field.label, field.required, field.version) == ("Trade licence", True, 2)
        assert [record.actor for record in field.history.all()] == [ACTOR, ACTOR]
        notices = list(ProviderChangeNotice.objects.order_by("made_at", "id"))
    assert [notice.kind for notice in notices] == ["field_added", "field_changed"]
    assert notices[1].undo["before"]["label"] == "Licence" and notices[1].undo["version"] == 2
    assert "label, required" in notices[1].summary
    kinds = list(ProviderChange.objects.order_by("made_at", "id").values_list("kind", "country__schema_name"))
    assert kinds == [("field_added", "kn"), ("field_changed", "kn")]
    page = console.get(f"/console/kn/fields/{field.pk}/").content.decode()
    assert ACTOR in page  # the field's history

    # The country's own rules apply: a built-in name is refused, nothing saved, nothing recorded.
    refused = console.post("/console/kn/fields/new/", _field_post(key="name"))
    assert refused.status_code == 200 and "is already a field of employers" in refused.content.decode()
    assert ProviderChange.objects.count() == 2
    with tenant_context(lc):
        assert not CustomField.objects.exists() and not ProviderChangeNotice.objects.exists()


def test_the_provider_changes_the_country_settings(console, kn):
    values = {
        "site_name": "Labour Department — St Kitts",
        "brand_colour": "#14532d",
        "brand_ink": "#ffffff",
        "footer": "Basseterre",
        "languages": ["en", "es"],
        "default_language": "en",
        "disclosure_threshold": "5",
    }
    saved = console.post("/console/kn/settings/", values)
    assert saved.status_code == 302, saved.content.decode()
    with tenant_context(kn):
        settings = CountrySettings.objects.get()
        assert settings.site_name == "Labour Department — St Kitts" and settings.history.get().actor == ACTOR
    assert (
        "Labour Department — St Kitts" in client_for("kn.localhost").get("/accounts/login/").content.decode()
    )
    notice = _notice(kn)
    assert notice.kind == "settings_changed" and "logo" not in notice.undo["before"]
    assert notice.undo["before"]["site_name"] == "" and "site name" in notice.summary

    unreadable = console.post("/console/kn/settings/", values | {"brand_ink": "#15542e", "version": "1"})
    assert unreadable.status_code == 200 and "hard to read" in unreadable.content.decode()
    assert ProviderChange.objects.count() == 1


def test_the_provider_previews_then_applies_a_configuration(console, kn, lc):
    with tenant_context(kn):
        custom_field_save(
            values={"record": "employers.employer", "key": "licence", "label": "Licence", "kind": "text"},
            version=None,
            by=None,
        )
        document = configuration_export()
    upload = SimpleUploadedFile("kn.json", json.dumps(document).encode(), content_type="application/json")
    preview = console.post(
        "/console/lc/configuration/preview/", {"file": upload, "sections": ["custom_fields"]}
    )
    assert preview.status_code == 200 and "employers.employer/licence" in preview.content.decode()
    with tenant_context(lc):
        assert not CustomField.objects.exists()
    assert not ProviderChange.objects.exists()

    apply = preview.context["apply_form"].initial
    applied = console.post("/console/lc/configuration/apply/", apply, follow=True)
    assert "The configuration is applied: 1 change." in applied.content.decode()
    with tenant_context(lc):
        assert CustomField.objects.get(key="licence").history.get().actor == ACTOR
        assert ConfigurationImport.objects.get().actor == ACTOR
    change = ProviderChange.objects.get()
    assert change.kind == "configuration_imported" and "KN" in change.summary
    notice = _notice(lc)
    assert notice.undo["sections"] == ["custom_fields"] and notice.undo["before"]["country"] == "lc"

    exported = console.get("/console/lc/configuration/export.json")
    assert exported["Content-Disposition"].startswith('attachment; filename="clmis-configuration-lc-')


# --- The country sees, is told, and reverts ---------------------------------------------------------------


def test_the_country_administrator_sees_and_reverts_each_change(staff, kn, kn_admin):
    console_module_change(console=staff, country=kn, key="farm_programme", enable=False)
    field = console_custom_field_save(
        console=staff,
        country=kn,
        field=None,
        values={"record": "employers.employer", "key": "licence", "label": "Licence", "kind": "text"},
        version=None,
    )
    with tenant_context(kn):
        added = CustomField.objects.get(pk=field.pk)
    console_custom_field_save(console=staff, country=kn, field=added, values={"label": "Permit"}, version=1)
    console_settings_save(console=staff, country=kn, values={"footer": "Basseterre"}, version=None)

    page = kn_admin.get("/settings/provider-changes/").content.decode()
    for text in (PROVIDER, ACTOR, "Module Farm", "Custom field “Licence” added", "Country settings changed"):
        assert text in page, text
    with tenant_context(kn):
        notices = {notice.kind: notice for notice in ProviderChangeNotice.objects.all()}

    def revert(kind):
        return kn_admin.post(
            f"/settings/provider-changes/{notices[kind].pk}/revert/", follow=True
        ).content.decode()

    assert "Reverted" in revert("field_added")  # a field added is taken out of use, never deleted
    with tenant_context(kn):
        field = CustomField.objects.get(pk=field.pk)
        assert not field.active and field.history.first().actor == "kn:lmis_admin"
    # Changed again since (by the revert above), the field is not put back over the later change.
    assert "changed again since" in revert("field_changed")
    with tenant_context(kn):
        assert CustomField.objects.get(pk=field.pk).label == "Permit"

    assert "Reverted" in revert("module_disabled")
    assert "farm_programme" in _enabled(kn)
    record = ModuleEnablement.history.filter(country_id=kn.pk, module="farm_programme").first()
    assert record.history_type == "+" and record.actor == "kn:lmis_admin"
    assert "already reverted" in revert("module_disabled")

    assert "Reverted" in revert("settings_changed")
    with tenant_context(kn):
        settings = CountrySettings.objects.get()
        assert settings.footer == "" and settings.history.first().actor == "kn:lmis_admin"
    hub = ProviderChange.objects.get(kind="settings_changed")
    assert hub.reverted_by == "kn:lmis_admin" and hub.reverted_at is not None
    page = kn_admin.get("/settings/provider-changes/").content.decode()
    assert page.count("by kn:lmis_admin") == 3


def test_a_field_change_is_reverted_to_its_previous_version(staff, kn, kn_admin):
    with tenant_context(kn):
        field = custom_field_save(
            values={"record": "employers.employer", "key": "licence", "label": "Licence", "kind": "text"},
            version=None,
            by=None,
        )
    console_custom_field_save(
        console=staff, country=kn, field=field, values={"label": "Permit", "in_list": True}, version=1
    )
    notice = _notice(kn)
    reverted = kn_admin.post(f"/settings/provider-changes/{notice.pk}/revert/", follow=True)
    assert "Reverted" in reverted.content.decode()
    with tenant_context(kn):
        field.refresh_from_db()
        assert (field.label, field.in_list, field.version) == ("Licence", False, 3)
        assert [record.actor for record in field.history.all()] == ["kn:lmis_admin", ACTOR, "system"]


def test_a_revert_the_country_rules_refuse_says_why_and_changes_nothing(staff, kn, kn_admin):
    module_disable(country=kn, key="disputes", by=None)
    module_disable(country=kn, key="unions", by=None)
    console_module_change(console=staff, country=kn, key="unions", enable=True)
    module_enable(country=kn, key="disputes", by=None)
    notice = _notice(kn)
    refused = kn_admin.post(f"/settings/provider-changes/{notice.pk}/revert/", follow=True).content.decode()
    assert "Not reverted" in refused and "disable them first" in refused
    assert {"unions", "disputes"} <= _enabled(kn)
    notice.refresh_from_db()
    assert notice.reverted_at is None


def test_an_applied_configuration_is_reverted(staff, kn, lc):
    with tenant_context(kn):
        custom_field_save(
            values={"record": "employers.employer", "key": "licence", "label": "Licence", "kind": "text"},
            version=None,
            by=None,
        )
        document = configuration_export()
    console_configuration_import(
        console=staff, country=lc, document=document, apply=True, sections=["custom_fields"]
    )
    with tenant_context(lc):
        admin = user_in(lc, "lmis_admin")
        provider_change_revert(notice=ProviderChangeNotice.objects.get(), by=admin)
        field = CustomField.objects.get(key="licence")
        assert not field.active and field.history.first().actor == "lc:lmis_admin"


def test_only_the_country_administrators_see_and_revert(staff, kn, lc):
    console_module_change(console=staff, country=kn, key="farm_programme", enable=False)
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    assert officer.get("/settings/provider-changes/").status_code == 403
    notice = _notice(kn)
    assert officer.post(f"/settings/provider-changes/{notice.pk}/revert/").status_code == 403
    with tenant_context(lc):
        TOTP.activate(user_in(lc, "lmis_admin"), generate_totp_secret())
    lc_admin = sign_in(client_for("lc.localhost"), lc, "lmis_admin")
    assert (
        "No service provider has changed anything here yet."
        in lc_admin.get("/settings/provider-changes/").content.decode()
    )
    assert lc_admin.post(f"/settings/provider-changes/{notice.pk}/revert/").status_code == 404
    assert "farm_programme" not in _enabled(kn)


# --- Notifications ----------------------------------------------------------------------------------------


def test_the_country_administrators_are_told_in_app_and_by_email(
    staff, kn, kn_admin, mailoutbox, django_capture_on_commit_callbacks
):
    with tenant_context(kn):
        user_create(
            username="deputy", email="deputy@labour.kn.example", password=PASSWORD, roles=["lmis_admin"]
        )
        TOTP.activate(user_in(kn, "deputy"), generate_totp_secret())
    with django_capture_on_commit_callbacks(execute=True):
        console_module_change(console=staff, country=kn, key="farm_programme", enable=False)

    assert sorted(mail.to[0] for mail in mailoutbox) == ["deputy@labour.kn.example", "lmis_admin@example.org"]
    mail = mailoutbox[0]
    assert mail.subject == f"{PROVIDER} changed the configuration of Saint Kitts and Nevis"
    assert "Module Farm" in mail.body and ACTOR in mail.body
    assert "http://kn.localhost:8000/settings/provider-changes/" in mail.body
    assert all(len(mail.to) == 1 for mail in mailoutbox)

    home = kn_admin.get("/").content.decode()
    assert '<span class="badge">1<span class="visually-hidden"> new</span></span>' in home
    assert "made 1 change to the configuration that you have not seen yet" in home
    listing = kn_admin.get("/settings/provider-changes/").content.decode()
    assert 'class="unread"' in listing
    home = kn_admin.get("/").content.decode()
    assert 'class="badge"' not in home and "not seen yet" not in home
    assert 'class="unread"' not in kn_admin.get("/settings/provider-changes/").content.decode()

    deputy = sign_in(client_for("kn.localhost"), kn, "deputy")
    assert '<span class="badge">1' in deputy.get("/").content.decode()  # read per person
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    assert 'class="badge"' not in officer.get("/").content.decode()


def test_nothing_is_told_when_the_change_is_refused(
    staff, kn, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        console_module_change(console=staff, country=kn, key="employers", enable=False)
    assert mailoutbox == []
    with tenant_context(kn):
        assert not ProviderChangeNotice.objects.exists()
    assert not ProviderChange.objects.exists()


def test_the_hubs_country_page_names_the_countrys_providers(provider, hub_admin):
    kn_page = hub_admin.get("/countries/kn/").content.decode()
    assert PROVIDER in kn_page and f'href="/providers/{provider.pk}/"' in kn_page
    assert PROVIDER not in hub_admin.get("/countries/sr/").content.decode()
