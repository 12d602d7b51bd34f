"""`clmis modules list|enable|disable`: the command-line face of module enablement."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tenants.management.commands.country import _messages
from tenants.models import Country
from tenants.selectors import modules_with_countries
from tenants.services import module_disable, module_enable


class Command(BaseCommand):
    help = "List the installed modules and where they are enabled; enable or disable one in a country."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("list", help="Every installed module, its version and the countries using it.")
        for action in ("enable", "disable"):
            sub = actions.add_parser(action, help=f"{action.capitalize()} a module in a country.")
            sub.add_argument("code", help="the country, e.g. kn")
            sub.add_argument("module", help="the module key, e.g. employers")

    def handle(self, *args, **options):
        if options["action"] == "list":
            for use in modules_with_countries():
                manifest = use.config.manifest
                where = " ".join(use.countries) or "-"
                self.stdout.write(f"{manifest.key}\t{manifest.version}\t{manifest.form or '-'}\t{where}")
            return
        country = Country.objects.filter(schema_name=options["code"].lower()).first()
        if country is None:
            raise CommandError(f"No country with code {options['code']}.", returncode=2)
        change = module_enable if options["action"] == "enable" else module_disable
        try:
            change(country=country, key=options["module"], by=None)
        except ValidationError as error:
            raise CommandError(_messages(error), returncode=2) from error
        self.stdout.write(f"{options['module']} {options['action']}d in {country.code}.")
