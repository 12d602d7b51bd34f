"""`clmis reference load`: bring the shipped classifications up to date in every country (or one)."""

from django.core.management.base import BaseCommand, CommandError

from tenants.models import Country
from tenants.services import country_reference_refresh


class Command(BaseCommand):
    help = (
        "Load or update ISCO-08, ISIC Rev.4, ISO 3166 and the harmonised indicator catalogue in every "
        "country (unchanged ones are skipped)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["load"])
        parser.add_argument("--country", help="only this country, e.g. kn")
        parser.add_argument(
            "--force", action="store_true", help="reload even when the shipped file is unchanged"
        )

    def handle(self, *args, **options):
        countries = Country.objects.all()
        if options["country"]:
            countries = countries.filter(schema_name=options["country"].lower())
            if not countries:
                raise CommandError(f"No country with code {options['country']}.", returncode=2)
        for country in countries:
            written = country_reference_refresh(country, force=options["force"])
            summary = ", ".join(f"{key} {count}" for key, count in written.items())
            self.stdout.write(f"{country.code}: written: {summary}")
