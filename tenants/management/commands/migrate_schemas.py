"""migrate_schemas that keeps the template current and skips the schemas with nothing to apply.

A plain `clmis migrate_schemas` (or `clmis migrate`) reads every schema's applied migrations in one
query and runs migrations only where something is missing, the template schema included. Any
targeted run (an app or migration name, --fake, --schema, --plan, --check, --all-schemas) is
django-tenants' own command, which visits every schema; the template then follows the countries.
Either way the roles defined in code are then synced into every schema whose groups differ.

`--workers N` (default: the CLMIS_MIGRATE_WORKERS setting, 1) migrates up to N schemas at once with
django-tenants' multiprocessing executor, each worker a forked process with a connection of its own.
"""

import argparse
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

from django.conf import settings
from django.db import connection
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
# A run for one schema stays in one process, and so do runs that report rather than migrate: the
# workers' --plan output would interleave, and --check ends a worker with SystemExit, which the pool
# never reports back, so it would wait for ever.
SEQUENTIAL_OPTIONS = ("plan", "check_unapplied", "schema_name")
PARALLEL_EXECUTOR = "multiprocessing"


def _workers(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"a whole number of at least 1, not {value!r}")
    return int(value)


class Command(MigrateSchemasCommand):
    help = "Migrates the public schema, then every country schema and the template that is behind."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--all-schemas",
            action="store_true",
            help="Run migrate in every schema even when the check finds nothing to apply.",
        )
        parser.add_argument(
            "--workers",
            type=_workers,
            default=None,
            help="Migrate up to this many schemas at once, each in a process of its own "
            "(default: the CLMIS_MIGRATE_WORKERS setting, 1).",
        )

    def handle(self, *args, **options):
        # The project's system checks ran once before handle (unless --skip-checks). Each schema's
        # migrate would run them all again, with the same result (they check code and settings, not a
        # schema): some 15% of a schema's time, in every schema of every run.
        options = {**options, "skip_checks": True}
        workers = options.get("workers") or settings.CLMIS_MIGRATE_WORKERS
        if any(options.get(name) for name in SEQUENTIAL_OPTIONS):
            workers = 1
        self.workers = workers
        # The executor asked for (django-tenants' --executor), for what runs in one process.
        self.sequential_executor = options.get("executor")
        if any(options.get(name) for name in TARGETED_OPTIONS):
            parallel = workers > 1
            if parallel:
                options = {**options, "executor": PARALLEL_EXECUTOR}
            with _pool_of(workers) if parallel else nullcontext():
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
                at_once = min(workers, len(behind))
                self.stdout.write(
                    f"{len(behind)} of {len(schemas)} country schemas (with the template) to migrate"
                    + (f", {at_once} at a time." if at_once > 1 else ".")
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
        if not schemas:
            return
        workers = min(self.workers, len(schemas))
        if workers == 1:
            get_executor(codename=self.sequential_executor)(self.args, self.options).run_migrations(
                tenants=list(schemas)
            )
            return
        with _pool_of(workers):
            get_executor(codename=PARALLEL_EXECUTOR)(self.args, self.options).run_migrations(
                tenants=list(schemas)
            )


@contextmanager
def _pool_of(workers: int) -> Iterator[None]:
    """django-tenants' multiprocessing executor, sized to `workers` when it makes its pool.

    It reads the size from settings (TENANT_MULTIPROCESSING_MAX_PROCESSES) and forks its workers after
    closing this process's connection. A psycopg pool (DATABASE_POOL) would survive that and be
    inherited, its sockets shared by every worker, so it is closed first; each worker opens its own.
    """
    if connection.settings_dict.get("OPTIONS", {}).get("pool"):
        connection.close()
        connection.close_pool()
    name, unset = "TENANT_MULTIPROCESSING_MAX_PROCESSES", object()
    previous = getattr(settings, name, unset)
    setattr(settings, name, workers)
    try:
        yield
    finally:
        if previous is unset:
            delattr(settings, name)
        else:
            setattr(settings, name, previous)
