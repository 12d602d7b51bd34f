"""`clmis country create|list|status`: the command-line face of tenants.services."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tenants.models import Country
from tenants.services import country_provision, country_status_set


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
        actions.add_parser("list", help="List the countries with their status and release.")
        status = actions.add_parser(
            "status", help="Open a country, or close it for maintenance or suspend it."
        )
        status.add_argument("code")
        status.add_argument("status", choices=Country.Status.values)

    def handle(self, *args, **options):
        try:
            getattr(self, f"_{options['action']}")(**options)
        except ValidationError as error:
            raise CommandError(_messages(error), returncode=2) from error

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
        country = Country.objects.filter(schema_name=code.lower()).first()
        if country is None:
            raise CommandError(f"No country with code {code}.", returncode=2)
        country_status_set(country=country, status=status)
        self.stdout.write(f"{country.code} is now {country.get_status_display()}.")


def _messages(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "\n".join(
            f"{field}: {message}" for field, messages in error.message_dict.items() for message in messages
        )
    return "\n".join(error.messages)
