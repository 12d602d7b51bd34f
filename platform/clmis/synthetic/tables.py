"""What every synthetic data set shares: which rows (a Sample), and how they are written (COPY with case
ids from the cases' own sequence) and settled (statistics refreshed)."""

import random
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, models
from psycopg.types.json import Jsonb

from modules.casework.models import Case

# The most the counts may be multiplied by: 10 is some 12 million rows in a country, hours of writing.
MAX_SCALE = 10.0


@dataclass(frozen=True)
class Sample:
    """Which synthetic rows: the prefix their references carry ("BENCH-", "SYN-"), by which they are
    recognised, counted and removed; the seed they are drawn from; and how many, as a multiple of the
    full sizes (1.0: 100,000 employers, 120,000 job seekers and vacancies, ~1,000,000 case records)."""

    prefix: str
    seed: int | str
    scale: float = 1.0

    def count(self, full: int) -> int:
        """`full` rows scaled: never none, so every kind of record is there at the smallest scale."""
        return max(1, round(full * self.scale))

    def random(self) -> random.Random:
        """A generator of its own for each data set, so each is the same whatever was drawn before."""
        return random.Random(self.seed)


def zipf_cumulative(count: int, skew: float) -> list[float]:
    """Cumulative weights of `count` ranks by Zipf's law: a few codes are common, most are rare."""
    total, cumulative = 0.0, []
    for rank in range(1, count + 1):
        total += rank**-skew
        cumulative.append(total)
    return cumulative


def case_ids(cursor, count: int) -> list[int]:
    """Ids from the identity sequence of the cases, so cases the product creates later never collide."""
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
        [Case._meta.db_table, count],
    )
    return [row[0] for row in cursor.fetchall()]


def rows_copy(cursor, model: type[models.Model], rows: Iterable[dict], *, ids_given: bool) -> None:
    """COPY the rows into the model's table: the model's default where a row says nothing (the defaults
    a save would write); a generated id is left to its sequence unless the rows bring theirs.

    COPY rather than the services: they would number each case through its counter and write a timeline
    event and an audit record per row, which makes a million records take hours instead of minutes."""
    fields = [
        field
        for field in model._meta.local_concrete_fields
        if ids_given or not isinstance(field, models.AutoField)
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    defaults = {field.attname: field.get_default() for field in fields}
    # JSON columns (a record's custom values) go as jsonb; psycopg does not guess it from a dict.
    json = {field.attname for field in fields if isinstance(field, models.JSONField)}
    with cursor.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
        for row in rows:
            values = {name: row.get(name, default) for name, default in defaults.items()}
            copy.write_row([Jsonb(value) if name in json else value for name, value in values.items()])


def tables_analyse(models_written: Iterable[type[models.Model]]) -> float:
    """Fresh statistics for the tables written, so plans match a settled database; VACUUM too (the
    visibility map) unless inside a transaction, where PostgreSQL allows ANALYZE alone."""
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    start = time.perf_counter()
    with connection.cursor() as cursor:
        for table in sorted({model._meta.db_table for model in models_written}):
            cursor.execute(f"{command} {connection.ops.quote_name(table)}")
    return time.perf_counter() - start
