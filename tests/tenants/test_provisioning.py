"""Creating a country: validation, duplicates, idempotence, a failure mid-way, and the template."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django_tenants.utils import schema_exists, tenant_context

from clmis.accounts.roles import Scope, roles_for_scope
from tenants import services
from tenants.migration_state import expected_migrations, schemas_behind
from tenants.models import Country, Domain
from tenants.services import country_provision
from tenants.template import template_ensure_current, template_schema
from tests.support import client_for


def _state():
    return (
        sorted(Country.objects.values_list("schema_name", flat=True)),
        sorted(Domain.objects.values_list("domain", flat=True)),
    )


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("k", "two-letter ISO 3166 code"),
        ("kna", "two-letter ISO 3166 code"),
        ("k1", "two-letter ISO 3166 code"),
        ("zz", "zz is not an ISO 3166 country code"),
        ("public", "two-letter ISO 3166 code"),
        ("x'; drop schema public; --", "two-letter ISO 3166 code"),
    ],
)
def test_bad_codes_are_refused_with_a_reason_and_nothing_changes(countries, db, code, message):
    before = _state()
    with pytest.raises(ValidationError) as refused:
        country_provision(code=code, name="Nowhere")
    assert message in " ".join(refused.value.message_dict["code"])
    assert _state() == before


def test_iso3_must_belong_to_the_code(countries, db):
    with pytest.raises(ValidationError) as refused:
        country_provision(code="bb", name="Barbados", iso3="JAM")
    assert "BRB" in refused.value.message_dict["iso3"][0]
    assert not Country.objects.filter(schema_name="bb").exists()


def test_duplicate_code_is_refused_unless_asked_idempotently(kn):
    with pytest.raises(ValidationError) as refused:
        country_provision(code="KN", name="Saint Kitts and Nevis")
    assert "already exists" in refused.value.message_dict["code"][0]

    again, created = country_provision(code="kn", name="Saint Kitts and Nevis", exist_ok=True)
    assert (again.pk, created) == (kn.pk, False)

    with pytest.raises(ValidationError) as conflicting:
        country_provision(code="kn", name="Somewhere Else", exist_ok=True)
    assert "already used by Saint Kitts and Nevis" in conflicting.value.message_dict["code"][0]
    kn.refresh_from_db()
    assert kn.name == "Saint Kitts and Nevis"


@pytest.mark.parametrize(
    ("domains", "message"),
    [
        (["not a host"], "not a valid host name"),
        (["kn.localhost"], "platform's own addresses"),
        (["localhost"], "not a valid host name"),
        (["-bad-.gov.bb"], "not a valid host name"),
    ],
)
def test_bad_domains_are_refused(countries, db, domains, message):
    before = _state()
    with pytest.raises(ValidationError) as refused:
        country_provision(code="bb", name="Barbados", domains=domains)
    assert message in " ".join(refused.value.message_dict["domains"])
    assert _state() == before


def test_a_domain_used_by_another_country_is_refused(kn):
    Domain.objects.create(domain="lmis.labour.gov.kn", tenant=kn, is_primary=False)
    with pytest.raises(ValidationError) as refused:
        country_provision(code="bb", name="Barbados", domains=["LMIS.labour.gov.kn"])
    assert "already used by Saint Kitts and Nevis" in refused.value.message_dict["domains"][0]
    assert not schema_exists("bb")


def test_new_country_is_a_complete_current_schema_with_its_roles(countries, db):
    country, created = country_provision(
        code="bb", name="Barbados", timezone="America/Barbados", domains=["lmis.labour.gov.bb"]
    )
    assert created and country.iso3 == "BRB" and country.release
    assert schema_exists("bb")
    assert schemas_behind(["bb"]) == []
    assert list(country.domains.values_list("domain", flat=True)) == ["lmis.labour.gov.bb"]
    with tenant_context(country):
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM accounts_user")
            assert cursor.fetchone()[0] == 0  # the template never holds people
        from django.contrib.auth.models import Group

        assert set(Group.objects.values_list("name", flat=True)) == {
            role.key for role in roles_for_scope(Scope.COUNTRY)
        }


def test_a_failure_mid_way_leaves_no_row_domain_or_schema(countries, db, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    before = _state()
    monkeypatch.setattr(services, "roles_sync", fail)
    with pytest.raises(RuntimeError):
        country_provision(code="bb", name="Barbados", domains=["lmis.labour.gov.bb"])
    assert _state() == before
    assert not schema_exists("bb")
    # and it can be created afterwards
    monkeypatch.undo()
    assert country_provision(code="bb", name="Barbados")[1] is True


def test_a_stale_template_is_brought_up_to_date_before_cloning(countries, db):
    # Take the template back two migrations, as if a deploy had forgotten it.
    call_command(
        "migrate_schemas", "authtoken", "0002", schema_name=template_schema(), interactive=False, verbosity=0
    )
    assert schemas_behind([template_schema()]) == [template_schema()]

    country, _created = country_provision(code="bb", name="Barbados")

    assert schemas_behind([template_schema(), "bb"]) == []
    with tenant_context(country), connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations WHERE app = 'authtoken'")
        assert {name for _app, name in cursor.fetchall()} >= {
            name for app, name in expected_migrations(shared=False) if app == "authtoken"
        }


def test_a_missing_template_is_rebuilt(countries, db):
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA {template_schema()} CASCADE")
    assert template_ensure_current() is True
    assert schemas_behind([template_schema()]) == []
    assert template_ensure_current() is False


def test_clmis_country_create_command(countries, db, capsys):
    call_command("country", "create", "bb", "Barbados", "--timezone", "America/Barbados")
    assert "Created bb Barbados at bb.localhost" in capsys.readouterr().out
    call_command("country", "create", "bb", "Barbados")
    assert "already exists; nothing changed" in capsys.readouterr().out


def test_clmis_country_invite_command_makes_an_administrator_and_mails_them(
    kn, capsys, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("country", "invite", "kn", "ada.liburd@labour.gov.kn", "--first-name", "Ada")
    assert "ada.liburd@labour.gov.kn administers Saint Kitts and Nevis's LMIS" in capsys.readouterr().out
    with tenant_context(kn):
        assert (
            get_user_model().objects.get(username="ada.liburd@labour.gov.kn").groups.get().name
            == "lmis_admin"
        )
    assert mailoutbox[0].to == ["ada.liburd@labour.gov.kn"]
    assert "http://kn.localhost:8000/accounts/password/reset/key/" in mailoutbox[0].body
    with pytest.raises(CommandError, match="A user with that username already exists"):
        call_command("country", "invite", "kn", "ada.liburd@labour.gov.kn")
    with pytest.raises(CommandError, match="No country has the code zz"):
        call_command("country", "invite", "zz", "someone@example.org")


def test_an_administrator_whose_link_expired_asks_for_another_from_the_sign_in_page(kn, mailoutbox):
    services.country_administrator_invite(country=kn, email="ada.liburd@labour.gov.kn")  # mailed on commit
    client = client_for("kn.localhost")
    login = client.get("/accounts/login/").content.decode()
    assert 'href="/accounts/password/reset/"' in login
    client.post("/accounts/password/reset/", {"email": "ada.liburd@labour.gov.kn"})
    assert [mail.to for mail in mailoutbox] == [["ada.liburd@labour.gov.kn"]]
    assert "/accounts/password/reset/key/" in mailoutbox[0].body


def test_clmis_country_create_command_reports_bad_input(countries, db):
    with pytest.raises(CommandError) as refused:
        call_command("country", "create", "zz", "Nowhere")
    assert refused.value.returncode == 2
    assert "zz is not an ISO 3166 country code" in str(refused.value)
