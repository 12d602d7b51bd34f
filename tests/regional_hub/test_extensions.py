"""Extensions: Saint Lucia submits the training programmes module it wrote (installed here as the package
clmis-training-programmes); a hub administrator reviews it against the checklist and accepts it into a
release, after which any country may enable it — and not before. Bad submissions are refused with
their reason and leave nothing behind; returning one tells the country why."""

import dataclasses
import datetime
import io
import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import migrations, models
from django.test import override_settings
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context

from clmis_training.models import TrainingProgramme
from modules.registry import module_by_key
from regional_hub.extensions.models import Extension, ExtensionCheck
from regional_hub.extensions.packages import package_installed
from regional_hub.extensions.review import checks_compute, operations_review
from regional_hub.extensions.services import (
    extension_accept,
    extension_check_record,
    extension_return,
    extension_review_start,
    extension_submit,
)
from regional_hub.extensions.tasks import extension_decision_notify
from regional_hub.releases.models import Release
from tenants.providers.console import console_extension_submit, console_open
from tenants.providers.services import provider_assign, provider_save, provider_staff_add
from tenants.selectors import modules_enabled_in
from tenants.services import module_enable
from tests.support import client_for, sign_in, user_in

PACKAGE, VERSION, KEY = "clmis-training-programmes", "1.0.0", "training_programmes"
SUBMISSION = {
    "distribution": PACKAGE,
    "version": VERSION,
    "source_url": "https://git.example.org/saint-lucia/clmis-training-programmes",
    "source_ref": "v1.0.0",
    "licence": "",
    "contact_name": "Lena Henry",
    "contact_email": "lmis@labour.lc.example",
    "description": "",
}
Item = ExtensionCheck.Item


def _hub(work):
    with schema_context(get_public_schema_name()):
        return work()


@pytest.fixture
def releases(countries, db) -> dict[str, Release]:
    """The running release and the next two, as the hub records them."""

    def make(version, year):
        return Release.objects.create(
            version=version, kind="major", released_on=datetime.date(year, 1, 15), cut_by="hub:hub_admin"
        )

    return _hub(
        lambda: {version: make(version, int(version[:4])) for version in ("2026.1", "2027.1", "2028.1")}
    )


@pytest.fixture
def hub_admin(countries, db):
    _hub(lambda: TOTP.activate(user_in(None, "hub_admin"), generate_totp_secret()))
    return sign_in(client_for("localhost"), None, "hub_admin")


def _country_admin(country):
    with tenant_context(country):
        TOTP.activate(user_in(country, "lmis_admin"), generate_totp_secret())
    return sign_in(client_for(f"{country.code}.localhost"), country, "lmis_admin")


@pytest.fixture
def lc_admin(lc):
    return _country_admin(lc)


@pytest.fixture
def kn_admin(kn):
    return _country_admin(kn)


def _submit(country, **changes) -> Extension:
    with tenant_context(country):
        return extension_submit(country=country, **(SUBMISSION | changes), by=user_in(country, "lmis_admin"))


def _reviewed(extension: Extension, *, tests: str = "passed") -> Extension:
    """Under review, with the reviewer's record of the tests (the one item the hub cannot compute)."""
    reviewer = user_in(None, "hub_admin")
    _hub(lambda: extension_review_start(extension=extension, by=reviewer))
    _hub(
        lambda: extension_check_record(
            extension=extension, item=Item.TESTS, verdict=tests, findings="8 passed in 7 s", by=reviewer
        )
    )
    return extension


def _outcomes(extension: Extension) -> dict[str, str]:
    return {check.item: check.outcome for check in extension.checks.all()}


def _manifest_changed(monkeypatch, **changes) -> None:
    """The installed module's manifest as a careless contributor might have written it."""
    config = module_by_key(KEY)
    monkeypatch.setattr(config, "manifest", dataclasses.replace(config.manifest, **changes))


# --- the whole way: submitted, reviewed, accepted, enabled --------------------------------------------


def test_submitted_reviewed_accepted_then_enabled_through_the_pages(
    lc, kn, lc_admin, kn_admin, hub_admin, releases, django_capture_on_commit_callbacks
):
    # Before the hub accepts it, no country may enable it, and the modules page says why.
    page = kn_admin.get("/settings/modules/").content.decode()
    assert "Contributed by Saint Lucia; not yet accepted by the regional hub" in page
    assert "It can be enabled once the regional hub has accepted it into a release." in page
    refused = kn_admin.post("/settings/modules/", {"module": KEY, "action": "enable"}, follow=True)
    assert "has not been accepted into a release by the regional hub" in refused.content.decode()
    assert KEY not in {config.manifest.key for config in modules_enabled_in(kn)}

    # Saint Lucia's LMIS administrator submits it from the country's settings.
    assert "/settings/extensions/" in lc_admin.get("/settings/").content.decode()
    form = lc_admin.get("/settings/extensions/").content.decode()
    assert PACKAGE in form and "EUPL-1.2" in form  # the packages installed here, to choose from
    submitted = lc_admin.post("/settings/extensions/", SUBMISSION, follow=True)
    extension = Extension.objects.get()
    assert submitted.redirect_chain[-1][0] == f"/settings/extensions/{extension.pk}/"
    assert f"{PACKAGE} 1.0.0 is submitted to the regional hub." in submitted.content.decode()
    assert (extension.country, extension.module, extension.title, extension.state) == (
        lc,
        KEY,
        "Training programmes",
        "submitted",
    )
    assert (extension.licence, extension.platform, extension.submitted_by) == (
        "EUPL-1.2",
        ">=2026.1,<2028",
        "lc:lmis_admin",
    )
    assert extension.description.startswith("The register of training programmes")
    assert _outcomes(extension) == {
        "manifest": "passed",
        "platform": "passed",
        "migrations": "passed",
        "tests": "",
        "translations": "passed",
        "isolation": "passed",
        "licence": "passed",
    }

    # The hub administrator reviews it.
    listing = hub_admin.get("/extensions/?state=submitted").content.decode()
    assert "Saint Lucia" in listing and f"{PACKAGE} 1.0.0" in listing
    assert {entry.url for entry in hub_admin.get("/").context["site_menu"]} >= {"/extensions/"}
    hub_admin.post(f"/extensions/{extension.pk}/review/")
    extension.refresh_from_db()
    assert (extension.state, extension.reviewer) == ("under_review", "hub:hub_admin")
    early = hub_admin.post(f"/extensions/{extension.pk}/accept/", {"release": "2027.1"})
    assert early.status_code == 200 and "Tests pass (not decided)" in early.content.decode()
    unexplained = hub_admin.post(f"/extensions/{extension.pk}/check/", {"item": "tests", "verdict": "passed"})
    assert "Say what you found: the hub could not compute this item." in unexplained.content.decode()
    recorded = hub_admin.post(
        f"/extensions/{extension.pk}/check/",
        {"item": "tests", "verdict": "passed", "findings": "8 passed in 7 s, PostgreSQL 16"},
        follow=True,
    )
    assert "Your verdict on “Tests pass” is recorded." in recorded.content.decode()
    with django_capture_on_commit_callbacks() as told:
        accepted = hub_admin.post(f"/extensions/{extension.pk}/accept/", {"release": "2027.1"}, follow=True)
    assert "accepted into release 2027.1; every country may enable it" in accepted.content.decode()
    extension.refresh_from_db()
    assert (extension.state, extension.release.version, extension.decided_by) == (
        "accepted",
        "2027.1",
        "hub:hub_admin",
    )
    assert len(told) == 1  # the country is told once the decision is committed
    with tenant_context(lc), django_capture_on_commit_callbacks(execute=True):
        assert extension_decision_notify(extension.pk) == 1
    assert mail.outbox[-1].to == ["lmis_admin@example.org"]
    assert "accepted it into release 2027.1" in mail.outbox[-1].body

    # Shipped: the pages say who contributed it and since when, and Saint Kitts and Nevis enables it.
    assert "Contributed by Saint Lucia, since 2027.1" in kn_admin.get("/settings/modules/").content.decode()
    assert "Contributed by Saint Lucia, since 2027.1" in hub_admin.get("/modules/").content.decode()
    enabled = kn_admin.post("/settings/modules/", {"module": KEY, "action": "enable"}, follow=True)
    assert "Training programmes is enabled." in enabled.content.decode()
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    made = officer.post(
        "/api/v1/training_programmes/",
        {
            "title": "Hotel front office",
            "provider": "CFBC",
            "sector": "I",
            "starts_on": "2026-02-02",
            "ends_on": "2026-04-27",
            "places": 15,
        },
        content_type="application/json",
    )
    assert made.status_code == 201
    with tenant_context(kn):
        assert TrainingProgramme.objects.get().history.get().actor == "kn:officer"

    # The country follows its submission item by item; the history says who did what.
    follow = lc_admin.get(f"/settings/extensions/{extension.pk}/").content.decode()
    assert "8 passed in 7 s" in follow and "hub:hub_admin" in follow and "lc:lmis_admin" in follow


def test_the_same_through_the_command_line(lc, kn, releases):
    out = io.StringIO()
    call_command(
        "extension",
        "submit",
        "lc",
        PACKAGE,
        VERSION,
        "--source",
        SUBMISSION["source_url"],
        "--ref",
        "v1.0.0",
        "--contact-name",
        "Lena Henry",
        "--contact-email",
        "lmis@labour.lc.example",
        stdout=out,
    )
    extension = Extension.objects.get()
    assert (
        f"as extension {extension.pk}" in out.getvalue()
        and "tests         computed: undecided" in out.getvalue()
    )
    call_command("extension", "review", str(extension.pk), stdout=io.StringIO())
    with pytest.raises(CommandError, match="These checks have not passed: Tests pass"):
        call_command("extension", "accept", str(extension.pk), "2027.1")
    call_command(
        "extension",
        "review",
        str(extension.pk),
        "--item",
        "tests",
        "--verdict",
        "passed",
        "--findings",
        "8 passed",
        stdout=io.StringIO(),
    )
    with pytest.raises(CommandError, match=r"No release 2029\.1"):
        call_command("extension", "accept", str(extension.pk), "2029.1")
    call_command("extension", "accept", str(extension.pk), "2027.1", stdout=io.StringIO())
    listed = io.StringIO()
    call_command("extension", "list", "--state", "accepted", stdout=listed)
    assert listed.getvalue().split() == [str(extension.pk), "lc", PACKAGE, VERSION, KEY, "accepted", "2027.1"]
    assert extension.history.first().actor == "system"
    call_command("modules", "enable", "kn", KEY, stdout=io.StringIO())
    assert KEY in {config.manifest.key for config in modules_enabled_in(kn)}


def test_returned_with_reasons_and_the_country_is_told(
    lc, releases, hub_admin, django_capture_on_commit_callbacks
):
    extension = _submit(lc)
    silent = hub_admin.post(f"/extensions/{extension.pk}/return/", {"reasons": " "})
    assert silent.status_code == 200 and "This field is required." in silent.content.decode()
    with pytest.raises(ValidationError, match="Say why the extension is returned"):
        _hub(lambda: extension_return(extension=extension, reasons="\n", by=None))
    with django_capture_on_commit_callbacks() as told:
        hub_admin.post(
            f"/extensions/{extension.pk}/return/",
            {"reasons": "The trainees' national ID is missing; Saint Lucia's register needs it."},
        )
    extension.refresh_from_db()
    assert (extension.state, extension.decided_by) == ("returned", "hub:hub_admin") and len(told) == 1
    with tenant_context(lc), django_capture_on_commit_callbacks(execute=True):
        assert extension_decision_notify(extension.pk) == 1
    assert "national ID is missing" in mail.outbox[-1].body and "returned" in mail.outbox[-1].subject
    with pytest.raises(ValidationError, match="has been decided"):
        _hub(lambda: extension_review_start(extension=extension, by=None))
    with pytest.raises(ValidationError, match="Only an extension under review can be accepted"):
        _hub(lambda: extension_accept(extension=extension, release=releases["2027.1"], by=None))
    # Returned, it ships nowhere; the same version cannot come back, a changed one comes as a new version.
    with pytest.raises(ValidationError, match="has not been accepted into a release"):
        module_enable(country=lc, key=KEY, by=None)
    with pytest.raises(ValidationError, match=r"already submitted on .* \(Returned\)"):
        _submit(lc)


# --- bad submissions: refused with the reason, nothing saved --------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        (
            {"distribution": "clmis-wage-councils"},
            "distribution",
            "No package clmis-wage-councils is installed",
        ),
        ({"version": "1.1.0"}, "version", "This deployment has version 1.0.0 of clmis-training-programmes"),
        ({"licence": "MIT"}, "licence", "The package declares the licence EUPL-1.2, not MIT."),
        ({"source_url": "git.example.org/lc"}, "source_url", "Give the address of the source repository"),
        ({"source_ref": " "}, "source_ref", "Give the tag or commit"),
        ({"contact_email": "lena@"}, "contact_email", "Give a valid e-mail address."),
    ],
)
def test_a_bad_submission_is_refused_with_its_reason(lc, changes, field, reason):
    with pytest.raises(ValidationError) as refused:
        _submit(lc, **changes)
    assert any(reason in message for message in refused.value.message_dict[field])
    assert not Extension.objects.exists() and not ExtensionCheck.objects.exists()


def test_an_invalid_manifest_is_refused(lc, kn, monkeypatch):
    with pytest.raises(ValidationError) as other_country:
        _submit(kn)
    assert "names lc as the contributing country, not kn" in str(other_country.value)
    _manifest_changed(monkeypatch, default_enabled=True, description="", urls="clmis_training.no_such_urls")
    with pytest.raises(ValidationError) as careless:
        _submit(lc)
    problems = careless.value.message_dict["__all__"]
    assert any("set default_enabled=False" in problem for problem in problems)
    assert any("The manifest gives no description." in problem for problem in problems)
    assert any(
        "clmis_training.no_such_urls, named in the manifest, cannot be imported." in p for p in problems
    )
    assert not Extension.objects.exists()


def test_a_range_of_releases_without_the_running_one_is_refused(lc, monkeypatch):
    _manifest_changed(monkeypatch, platform=">=2027.1,<2028")
    with pytest.raises(
        ValidationError, match=re.escape("The range >=2027.1,<2028 leaves out the running release 2026.1")
    ):
        _submit(lc)
    _manifest_changed(monkeypatch, platform="")
    with pytest.raises(ValidationError, match="gives no range of platform releases"):
        _submit(lc)
    _manifest_changed(monkeypatch, platform="from 2026 on")
    with pytest.raises(ValidationError, match="is not a range of releases"):
        _submit(lc)
    assert not Extension.objects.exists()


def test_a_version_is_submitted_once(lc, lc_admin):
    first = _submit(lc)
    again = lc_admin.post("/settings/extensions/", SUBMISSION)
    page = again.content.decode()
    assert again.status_code == 200
    assert "Version 1.0.0 of clmis-training-programmes was already submitted on" in page
    assert list(Extension.objects.all()) == [first] and first.checks.count() == 7


def test_an_unknown_package_is_refused_on_the_page(lc_admin):
    refused = lc_admin.post("/settings/extensions/", SUBMISSION | {"distribution": "lc-wage-councils"})
    assert "No package lc-wage-councils is installed in this deployment" in refused.content.decode()
    assert not Extension.objects.exists()


# --- the review's rules ------------------------------------------------------------------------------


def test_a_failed_check_or_a_release_out_of_range_stops_acceptance(lc, releases):
    extension = _reviewed(_submit(lc))
    reviewer = user_in(None, "hub_admin")
    with pytest.raises(ValidationError, match="Say what you found: your verdict differs"):
        _hub(
            lambda: extension_check_record(
                extension=extension, item=Item.ISOLATION, verdict="failed", findings="", by=reviewer
            )
        )
    _hub(
        lambda: extension_check_record(
            extension=extension,
            item=Item.ISOLATION,
            verdict="failed",
            findings="demo.py writes to the employers' register.",
            by=reviewer,
        )
    )
    with pytest.raises(ValidationError, match="No access outside its own tables \\(Failed\\)"):
        _hub(lambda: extension_accept(extension=extension, release=releases["2027.1"], by=reviewer))
    _hub(
        lambda: extension_check_record(
            extension=extension, item=Item.ISOLATION, verdict="passed", findings="", by=reviewer
        )
    )
    with pytest.raises(ValidationError, match=re.escape("Release 2028.1 is outside the extension's range")):
        _hub(lambda: extension_accept(extension=extension, release=releases["2028.1"], by=reviewer))
    extension.refresh_from_db()
    assert extension.state == "under_review" and extension.release is None
    # Computing the checklist again keeps what the reviewer recorded.
    _hub(lambda: extension_review_start(extension=extension, by=reviewer))
    tests = extension.checks.get(item=Item.TESTS)
    assert (tests.computed, tests.verdict, tests.findings) == ("", "passed", "8 passed in 7 s")
    _hub(lambda: extension_accept(extension=extension, release=releases["2026.1"], by=reviewer))
    assert extension.checks.get(item=Item.ISOLATION).history.first().actor == "hub:hub_admin"


def test_only_the_accepted_version_installed_here_may_be_enabled(lc, kn, releases):
    # An earlier version was accepted; the one installed (1.0.0) was not.
    _hub(
        lambda: Extension.objects.create(
            country=lc,
            module=KEY,
            title="Training programmes",
            distribution=PACKAGE,
            version="0.9.0",
            source_url="https://git.example.org/lc",
            source_ref="v0.9.0",
            licence="EUPL-1.2",
            contact_name="Lena Henry",
            contact_email="lmis@labour.lc.example",
            description="-",
            platform=">=2026.1,<2028",
            state="accepted",
            release=releases["2026.1"],
            submitted_by="lc:lmis_admin",
        )
    )
    with pytest.raises(ValidationError) as refused:
        module_enable(country=kn, key=KEY, by=None)
    assert "Training programmes 1.0.0, contributed by Saint Lucia, has not been accepted" in str(
        refused.value
    )
    extension = _reviewed(_submit(lc))
    _hub(lambda: extension_accept(extension=extension, release=releases["2027.1"], by=None))
    module_enable(country=kn, key=KEY, by=None)
    assert KEY in {config.manifest.key for config in modules_enabled_in(kn)}


def test_what_the_hub_computes_from_the_package(lc):
    package = package_installed("clmis_training_programmes")  # any spelling of the name
    assert (package.name, package.version, package.licence) == (PACKAGE, VERSION, "EUPL-1.2")
    found = {c.item: c for c in checks_compute(package, country_code="lc", licence="EUPL-1.2")}
    assert "2 migrations, with 9 operations on the database, all reversible." in found["migrations"].findings
    assert "extensions/training_programmes/tests" in found["tests"].findings
    assert found["translations"].findings.startswith("Messages translated per language: nl: ")
    gpl = checks_compute(
        dataclasses.replace(package, licence="GPL-3.0-only"), country_code="lc", licence="GPL-3.0-only"
    )
    licence = next(c for c in gpl if c.item == Item.LICENCE)
    assert licence.outcome == "failed" and "GPL-3.0-only is not among the licences the region accepts" in (
        licence.findings
    )
    with override_settings(LANGUAGES=[("en", "English"), ("nl", "Dutch"), ("de", "German")]):
        german = next(
            c
            for c in checks_compute(package, country_code="lc", licence="EUPL-1.2")
            if c.item == Item.TRANSLATIONS
        )
    assert german.outcome == "failed" and "No compiled catalogue for German" in german.findings


def _noop(apps, schema_editor):
    pass


def test_migrations_that_cannot_be_undone_or_reach_other_tables_are_found():
    migration = migrations.Migration("0002_backfill", "training_programmes")
    migration.operations = [
        migrations.RunPython(_noop),
        migrations.RunSQL("UPDATE employers_employer SET active = true", reverse_sql=migrations.RunSQL.noop),
        migrations.RunSQL("DELETE FROM public.tenants_country"),
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL("SELECT 1 FROM training_programmes_trainee", "SELECT 1")]
        ),
        migrations.AddField(
            "trainee",
            "employer",
            models.ForeignKey("employers.employer", on_delete=models.CASCADE),
        ),
    ]
    reviewed = operations_review(
        [migration], label="training_programmes", allowed_apps={"training_programmes"}
    )
    assert reviewed.operations == 5
    assert len(reviewed.irreversible) == 2  # the RunPython and the DELETE, without reverse
    assert "0002_backfill: “Raw Python operation” cannot be reversed" in reviewed.irreversible[0]
    assert any("employers_employer" in found for found in reviewed.outside)
    assert any("tenants_country" in found for found in reviewed.outside)
    assert any("refers to employers.employer, which belongs to another module" in f for f in reviewed.outside)
    assert reviewed.to_read == ("0002_backfill runs Python code (_noop): read it, code can reach any table.",)
    # The same, for a module that depends on employers: referring to its employers is allowed.
    depending = operations_review(
        [migration], label="training_programmes", allowed_apps={"training_programmes", "employers"}
    )
    assert not any("refers to" in found for found in depending.outside)


# --- who may do what ---------------------------------------------------------------------------------


@pytest.fixture
def provider(countries, db):
    """Caribbean LMIS Services, accredited, its staff member the hub's service_provider, assigned kn, lc."""

    def make():
        made = provider_save(
            values={
                "name": "Caribbean LMIS Services",
                "registration_number": "HUB-SP-001",
                "email": "support@cls.example",
                "accredited_from": timezone.localdate() - datetime.timedelta(days=30),
            },
            version=None,
            by=None,
        )
        provider_staff_add(provider=made, user=user_in(None, "service_provider"), by=None)
        for code in ("kn", "lc"):
            provider_assign(provider=made, country=countries[code], by=None)
        return made

    return _hub(make)


def test_a_service_provider_submits_for_an_assigned_country_from_the_console(provider, lc, sr):
    _hub(lambda: TOTP.activate(user_in(None, "service_provider"), generate_totp_secret()))
    console = sign_in(client_for("localhost"), None, "service_provider")
    page = console.get("/console/lc/extensions/")
    assert page.status_code == 200 and PACKAGE in page.content.decode()
    submitted = console.post("/console/lc/extensions/", SUBMISSION, follow=True)
    assert f"{PACKAGE} 1.0.0 is submitted to the regional hub." in submitted.content.decode()
    extension = Extension.objects.get()
    assert (extension.country, extension.submitted_by) == (
        lc,
        "hub:service_provider (Caribbean LMIS Services)",
    )
    assert console.get("/console/sr/extensions/").status_code == 404  # not assigned to the provider
    staff = _hub(lambda: console_open(user_in(None, "service_provider")))
    with pytest.raises(PermissionDenied):
        console_extension_submit(console=staff, country=sr, values=SUBMISSION)
    assert Extension.objects.count() == 1
    # The country sees what its provider submitted in its name.
    lc_admin = _country_admin(lc)
    assert (
        "hub:service_provider (Caribbean LMIS Services)"
        in lc_admin.get("/settings/extensions/").content.decode()
    )


def test_who_may_submit_and_who_may_review(lc, kn):
    extension = _submit(lc)
    officer = sign_in(client_for("lc.localhost"), lc, "officer")
    assert officer.get("/settings/extensions/").status_code == 403
    assert _country_admin(kn).get(f"/settings/extensions/{extension.pk}/").status_code == 404  # not kn's
    analyst = sign_in(client_for("localhost"), None, "regional_analyst")
    assert analyst.get("/extensions/").status_code == 403
    _hub(lambda: TOTP.activate(user_in(None, "service_provider"), generate_totp_secret()))
    provider = sign_in(client_for("localhost"), None, "service_provider")
    assert provider.post(f"/extensions/{extension.pk}/review/").status_code == 403
    extension.refresh_from_db()
    assert extension.state == "submitted"
