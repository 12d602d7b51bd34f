"""`clmis extension submit|review|accept|return|list`: the command-line face of regional_hub.extensions."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import get_public_schema_name, schema_context

from regional_hub.extensions.models import Extension, ExtensionCheck
from regional_hub.extensions.selectors import checks_of, extensions_matching
from regional_hub.extensions.services import (
    extension_accept,
    extension_check_record,
    extension_return,
    extension_review_start,
    extension_submit,
)
from regional_hub.releases.models import Release
from tenants.management.commands.country import _messages
from tenants.models import Country


class Command(BaseCommand):
    help = (
        "Submit a country's module to the hub, review it, accept it into a release or return it; list them."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        submit = actions.add_parser("submit", help="Submit an installed package's module for a country.")
        submit.add_argument("code", help="the contributing country, e.g. lc")
        submit.add_argument("distribution", help="the installed package, e.g. clmis-training-programmes")
        submit.add_argument("version", help="its installed version, e.g. 1.0.0")
        submit.add_argument("--source", required=True, help="the source repository's address")
        submit.add_argument("--ref", required=True, help="the tag or commit of this version")
        submit.add_argument("--contact-name", required=True)
        submit.add_argument("--contact-email", required=True)
        submit.add_argument("--licence", default="", help="SPDX id; the package's own by default")
        submit.add_argument("--description", default="", help="the manifest's by default")
        review = actions.add_parser(
            "review",
            help="Start the review (computing the checklist) and print it; with --item, record a verdict.",
        )
        review.add_argument("id", type=int)
        review.add_argument("--item", choices=ExtensionCheck.Item.values)
        review.add_argument("--verdict", choices=ExtensionCheck.Outcome.values)
        review.add_argument("--findings", default="")
        accept = actions.add_parser("accept", help="Accept an extension under review into a release.")
        accept.add_argument("id", type=int)
        accept.add_argument("release", help="the release's version, e.g. 2027.1")
        giveback = actions.add_parser("return", help="Return an extension to its country, with the reasons.")
        giveback.add_argument("id", type=int)
        giveback.add_argument("--reasons", required=True)
        listing = actions.add_parser("list", help="The extensions, newest first.")
        listing.add_argument("--state", choices=Extension.State.values, default="")

    def handle(self, *args, **options):
        with schema_context(get_public_schema_name()):
            try:
                getattr(self, f"_{options['action']}")(**options)
            except ValidationError as error:
                raise CommandError(_messages(error), returncode=2) from error

    def _submit(self, *, code, distribution, version, source, ref, contact_name, contact_email, **options):
        country = Country.objects.filter(schema_name=code.lower()).first()
        if country is None:
            raise CommandError(f"No country with code {code}.", returncode=2)
        extension = extension_submit(
            country=country,
            distribution=distribution,
            version=version,
            source_url=source,
            source_ref=ref,
            contact_name=contact_name,
            contact_email=contact_email,
            licence=options["licence"],
            description=options["description"],
            by=None,
        )
        self.stdout.write(f"Submitted {extension} for {country.code} as extension {extension.pk}.")
        self._print_checks(extension)

    def _review(self, *, id, item, verdict, findings, **_options):
        extension = self._extension(id)
        if item is None:
            extension_review_start(extension=extension, by=None)
        elif verdict is None:
            raise CommandError("Give --verdict passed or failed with --item.", returncode=2)
        else:
            extension_check_record(
                extension=extension, item=item, verdict=verdict, findings=findings, by=None
            )
        extension.refresh_from_db()
        self._print_checks(extension)

    def _accept(self, *, id, release, **_options):
        extension = self._extension(id)
        found = Release.objects.filter(version=release).first()
        if found is None:
            raise CommandError(f"No release {release}.", returncode=2)
        extension_accept(extension=extension, release=found, by=None)
        self.stdout.write(f"{extension} is accepted into release {found.version}.")

    def _return(self, *, id, reasons, **_options):
        extension = self._extension(id)
        extension_return(extension=extension, reasons=reasons, by=None)
        self.stdout.write(f"{extension} is returned to {extension.country.code}.")

    def _list(self, *, state, **_options):
        for extension in extensions_matching(state=state):
            columns = (
                str(extension.pk),
                extension.country.code,
                extension.distribution,
                extension.version,
                extension.module,
                extension.state,
                extension.release.version if extension.release else "-",
            )
            self.stdout.write("\t".join(columns))

    def _extension(self, pk: int) -> Extension:
        extension = Extension.objects.select_related("country", "release").filter(pk=pk).first()
        if extension is None:
            raise CommandError(f"No extension {pk}.", returncode=2)
        return extension

    def _print_checks(self, extension: Extension) -> None:
        self.stdout.write(f"{extension} ({extension.state}):")
        for check in checks_of(extension):
            verdict = f", reviewer: {check.verdict}" if check.verdict else ""
            self.stdout.write(f"  {check.item:13} computed: {check.computed or 'undecided'}{verdict}")
            for line in filter(None, [*check.computed_findings.splitlines(), *check.findings.splitlines()]):
                self.stdout.write(f"      {line}")
