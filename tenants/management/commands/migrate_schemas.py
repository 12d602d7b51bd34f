"""migrate_schemas that keeps the template current and skips the schemas with nothing to apply.

A plain `clmis migrate_schemas` (or `clmis migrate`) reads every schema's applied migrations in one
query and runs migrations only where something is missing, the template schema included. Any
targeted run (an app or migration name, --fake, --schema, --plan, --check, --all-schemas) is
django-tenants' own command, which visits every schema; the template then follows the countries.
Either way the roles defined in code are then synced into every schema whose groups differ.
"""

from django_tenants.management.commands.migrate_schemas import MigrateSchemasCommand
from django_tenants.migration_executors import get_executor
from django_tenants.utils import get_public_schema_name, schema_context, schema_exists

from clmis.accounts.roles import roles_sync, schemas_with_stale_roles
from tenants.migration_state import schemas_behind
from tenants.models import Country
from tenants.selectors import expected_role_grants
from tenants.services import countries_release_record, country_roles_sync
from tenants.template import template_schema, template_schema_create

TARGETED_OPTIONS = (
    "app_label",
    "migration_name",
    "fake",
    "fake_initial",
    "plan",
    "check_unapplied",
    "prune",
    "schema_name",
    "all_schemas",
)


class Command(MigrateSchemasCommand):
    help = "Migrates the public schema, then every country schema and the template that is behind."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--all-schemas",
            action="store_true",
            help="Run migrate in every schema even when the check finds nothing to apply.",
        )

    def handle(self, *args, **options):
        if any(options.get(name) for name in TARGETED_OPTIONS):
            super().handle(*args, **options)
            if self.sync_tenant and not options.get("schema_name") and not options.get("plan"):
                template_schema_create()
                self._run([template_schema()])
            if not options.get("plan"):
                self._sync_roles(options)
            return
        self._sync_flags(*args, **options)
        if self.sync_public and schemas_behind([get_public_schema_name()]):
            self._run([get_public_schema_name()])
        if self.sync_tenant:
            template_schema_create()
            schemas = [template_schema(), *Country.objects.values_list("schema_name", flat=True)]
            behind = schemas_behind(schemas)
            if int(options["verbosity"]) >= 1:
                self.stdout.write(
                    f"{len(behind)} of {len(schemas)} country schemas (with the template) to migrate."
                )
            self._run(behind)
            # Every country was migrated at once, not by a rollout: the current ones are on this release.
            countries_release_record()
        self._sync_roles(options)

    def _sync_flags(self, *args, **options):
        # SyncCommon.handle sets sync_public / sync_tenant / executor from the options.
        super(MigrateSchemasCommand, self).handle(*args, **options)

    def _sync_roles(self, options) -> None:
        expected = expected_role_grants()
        public = get_public_schema_name()
        schemas = [public] if self.sync_public else []
        if self.sync_tenant:
            schemas += [schema for schema in expected if schema != public]
        if options.get("schema_name"):
            schemas = [options["schema_name"]]
        wanted = {
            schema: expected[schema] for schema in schemas if schema in expected and schema_exists(schema)
        }
        for schema in schemas_with_stale_roles(wanted):
            if schema in (public, template_schema()):
                with schema_context(schema):
                    roles_sync()
            else:
                country_roles_sync(Country.objects.get(schema_name=schema))

    def _run(self, schemas: list[str]) -> None:
        if schemas:
            get_executor(codename=self.executor)(self.args, self.options).run_migrations(
                tenants=list(schemas)
            )
