"""Benchmark 2: a new country by cloning the template schema, against running every migration into it.

Clone: tenants.services.country_provision, the product's one way to create a country (it also checks
the template is current, inserts the Country row and syncs the roles, so it does more than the other).
Migrations: CREATE SCHEMA, then `migrate_schemas --schema` (our override hands that to django-tenants),
which applies every tenant migration and runs the post_migrate handlers (content types, permissions,
roles) in the new schema. Both run in this process after a warm-up; each country is dropped at once.
"""

from dataclasses import dataclass

from django.core.management import call_command
from django.db import connection
from django_tenants.utils import get_public_schema_name, schema_context

from bench.state import THROWAWAY_CODES, throwaway_drop, throwaway_name
from bench.timing import Series, paired_ratio, timed
from tenants.services import country_provision

CLONE_CODE, MIGRATE_CODE = THROWAWAY_CODES[:2]


@dataclass(frozen=True)
class ProvisioningResult:
    clone: Series
    migrate: Series
    clone_tables: int
    migrate_tables: int

    @property
    def ratio(self) -> float:
        """How many times longer migrations take than a clone (per repetition, median)."""
        return paired_ratio(self.migrate, self.clone)


def run(*, repetitions: int) -> ProvisioningResult:
    """Alternate the two ways (after one untimed warm-up of each) and compare the schemas they produce."""
    clone_samples, migrate_samples = [], []
    for attempt in range(repetitions + 1):
        clone_seconds = timed(lambda: country_provision(code=CLONE_CODE, name=throwaway_name(CLONE_CODE)))
        migrate_seconds = timed(lambda: schema_migrate_from_empty(MIGRATE_CODE))
        tables = (_tables(CLONE_CODE), _tables(MIGRATE_CODE))
        throwaway_drop([CLONE_CODE, MIGRATE_CODE])
        if attempt == 0:
            continue  # warm-up: imports, the migration graph, the clone function's first creation
        clone_samples.append(clone_seconds)
        migrate_samples.append(migrate_seconds)
    if tables[0] != tables[1]:
        raise RuntimeError(f"clone and migrations made different tables: {sorted(tables[0] ^ tables[1])}")
    return ProvisioningResult(
        Series(tuple(clone_samples)), Series(tuple(migrate_samples)), len(tables[0]), len(tables[1])
    )


def schema_migrate_from_empty(schema: str) -> None:
    """What creating a country costs without a template: an empty schema and every migration into it."""
    with schema_context(get_public_schema_name()), connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA {connection.ops.quote_name(schema)}")
    call_command("migrate_schemas", schema_name=schema, interactive=False, verbosity=0)


def _tables(schema: str) -> frozenset[str]:
    """The schema's tables, to check that both ways produce the same country."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = %s AND table_type = 'BASE TABLE'",
            [schema],
        )
        return frozenset(row[0] for row in cursor.fetchall())
