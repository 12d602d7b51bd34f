"""`clmis configuration export|import`: a country's configuration as a file, and a file applied."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import tenant_context

from modules.configuration.services import configuration_export, configuration_import, configuration_read
from tenants.models import Country


class Command(BaseCommand):
    help = "Export a country's configuration to a file, or import one (a dry run unless --apply)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        export = actions.add_parser("export", help="Write a country's configuration as JSON.")
        export.add_argument("code", help="the country, e.g. kn")
        export.add_argument("--output", "-o", help="a file (standard output without it)")
        load = actions.add_parser(
            "import", help="Show what a file would change in a country; --apply applies it."
        )
        load.add_argument("code", help="the country, e.g. lc")
        load.add_argument("file", help="a configuration file exported by `clmis configuration export`")
        load.add_argument("--apply", action="store_true", help="apply the changes (all or none)")
        load.add_argument(
            "--only",
            default="",
            help="the parts to import, comma-separated: modules, code_tables, custom_fields, labels, "
            "workflows, letters, numbering, settings",
        )

    def handle(self, *args, action: str, code: str, **options):
        country = Country.objects.filter(schema_name=code).first()
        if country is None:
            raise CommandError(f"There is no country {code}.")
        with tenant_context(country):
            if action == "export":
                self._export(options.get("output"))
            else:
                only = [key for key in options["only"].split(",") if key] or None
                self._import(Path(options["file"]), options["apply"], only)

    def _export(self, output: str | None) -> None:
        text = json.dumps(configuration_export(), indent=2, ensure_ascii=False)
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
        else:
            self.stdout.write(text)

    def _import(self, path: Path, apply: bool, only: list[str] | None) -> None:
        try:
            document = configuration_read(path.read_bytes())
            changes = configuration_import(document, apply=apply, by=None, sections=only)
        except ValidationError as error:
            raise CommandError("Refused, nothing changed:\n  " + "\n  ".join(error.messages)) from error
        for change in changes:
            self.stdout.write(f"{change.section:14} {change.action:8} {change.item}  {change.detail}")
        done = "applied" if apply else "would be made (dry run; --apply to apply)"
        self.stdout.write(f"{len(changes)} changes {done}.")
