"""`clmis country create|list|status|backup|restore`: the command-line face of tenants.services and
tenants.backups. `restore --into SCHEMA` loads a backup beside the country instead of in its place."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tenants.backups import backup_path, country_backup, country_restore, country_restore_copy
from tenants.models import Country
from tenants.services import country_administrator_invite, country_provision, country_status_set


class Command(BaseCommand):
    help = "Create countries, list them, open or close them."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser(
            "create", help="Create a country (does nothing if it exists identically)."
        )
        create.add_argument("code", help="ISO 3166 alpha-2 code, e.g. kn")
        create.add_argument("name", help='e.g. "Saint Kitts and Nevis"')
        create.add_argument("--iso3", default="", help="ISO 3166 alpha-3 code (defaults from the code)")
        create.add_argument("--language", default="en", help="default language: en, nl, es or fr")
        create.add_argument("--timezone", default="UTC", help="e.g. America/St_Kitts")
        create.add_argument("--domain", action="append", default=[], help="a custom domain (repeatable)")
        invite = actions.add_parser(
            "invite",
            help="Make someone a national LMIS administrator of a country; they are e-mailed a link to "
            "set their password (how a new country gets its first user).",
        )
        invite.add_argument("code", help="the country's code, e.g. kn")
        invite.add_argument("email", help="their e-mail address, which is also their user name")
        invite.add_argument("--first-name", default="")
        invite.add_argument("--last-name", default="")
        actions.add_parser("list", help="List the countries with their status and release.")
        status = actions.add_parser(
            "status", help="Open a country, or close it for maintenance or suspend it."
        )
        status.add_argument("code")
        status.add_argument("status", choices=Country.Status.values)
        backup = actions.add_parser("backup", help="Write a country's schema, data included, to a file.")
        backup.add_argument("code")
        backup.add_argument("--output", help="the file (default: var/backups/<code>-<release>-<time>.dump)")
        restore = actions.add_parser(
            "restore",
            help="Replace a country's schema with the one in a backup file (the current one is kept aside).",
        )
        restore.add_argument("code")
        restore.add_argument("file", help="a file written by `clmis country backup`")
        restore.add_argument(
            "--into",
            metavar="SCHEMA",
            help="load it into this new schema beside the country, to look into; the country is not touched",
        )

    def handle(self, *args, **options):
        try:
            getattr(self, f"_{options['action']}")(**options)
        except ValidationError as error:
            raise CommandError(_messages(error), returncode=2) from error
        except RuntimeError as error:
            raise CommandError(str(error)) from error

    def _create(self, *, code, name, iso3, language, timezone, domain, **_options):
        country, created = country_provision(
            code=code,
            name=name,
            iso3=iso3,
            default_language=language,
            timezone=timezone,
            domains=domain,
            exist_ok=True,
        )
        if created:
            self.stdout.write(
                self.style.SUCCESS(f"Created {country.code} {country.name} at {country.host()}")
            )
        else:
            self.stdout.write(f"{country.code} {country.name} already exists; nothing changed.")

    def _invite(self, *, code, email, first_name, last_name, **_options):
        country = Country.objects.filter(schema_name=code).first()
        if country is None:
            raise CommandError(f"No country has the code {code}.")
        country_administrator_invite(country=country, email=email, first_name=first_name, last_name=last_name)
        self.stdout.write(self.style.SUCCESS(f"{email} administers {country.name}'s LMIS: mail sent."))

    def _list(self, **_options):
        for country in Country.objects.prefetch_related("domains"):
            domains = " ".join([country.host(), *(d.domain for d in country.domains.all())])
            columns = (
                country.code,
                country.iso3,
                country.status,
                country.release or "-",
                country.name,
                domains,
            )
            self.stdout.write("\t".join(columns))

    def _status(self, *, code, status, **_options):
        country = _country(code)
        country_status_set(country=country, status=status)
        self.stdout.write(f"{country.code} is now {country.get_status_display()}.")

    def _backup(self, *, code, output, **_options):
        country = _country(code)
        path = Path(output) if output else backup_path(country)
        size = country_backup(country, path)
        self.stdout.write(self.style.SUCCESS(f"{country.code} written to {path} ({size:,} bytes)."))

    def _restore(self, *, code, file, into, **_options):
        if into:
            rows = country_restore_copy(_country(code), Path(file), schema=into)
            self.stdout.write(self.style.SUCCESS(f"{file} loaded into the schema {into}: {rows:,} rows."))
            self.stdout.write(
                f'The country is untouched. Drop the copy when done: DROP SCHEMA "{into}" CASCADE.'
            )
            return
        restored = country_restore(_country(code), Path(file))
        migrated = " and brought up to this release" if restored.migrated else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{restored.country.code} restored from {file}{migrated}: {restored.rows:,} rows."
            )
        )
        self.stdout.write(
            f"The schema it replaced is kept as {restored.set_aside}; once you are sure, drop it with "
            f'DROP SCHEMA "{restored.set_aside}" CASCADE.'
        )


def _country(code: str) -> Country:
    country = Country.objects.filter(schema_name=code.lower()).first()
    if country is None:
        raise CommandError(f"No country with code {code}.", returncode=2)
    return country


def _messages(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "\n".join(
            f"{field}: {message}" for field, messages in error.message_dict.items() for message in messages
        )
    return "\n".join(error.messages)
