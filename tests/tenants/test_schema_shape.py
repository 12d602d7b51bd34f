"""What a sharded database needs of the schemas (docs/scaling.md), checked on the real ones.

Citus distributes each country schema as a group of tables kept together on one node. That works only
if no foreign key leaves a schema (a country's rows may live on another node than the hub's or another
country's) and if the keys are 64-bit (Citus hands out ids on every node from bigint sequences).
"""

import pytest
from django.db import connection

# Framework tables whose keys stay 32-bit: their migrations are the libraries' own, and their rows are
# few (defined in code, or one per user), far from 2^31 even over decades.
FRAMEWORK_KEYS = {
    "auth_group": "the roles, defined in code",
    "auth_permission": "one per model and action, defined in code",
    "django_content_type": "one per model",
    "django_admin_log": "one per change made in Django's admin by hand",
    "account_emailaddress": "django-allauth: one per user",
    "account_emailconfirmation": "django-allauth: one per e-mail confirmation sent",
}

PRIMARY_KEY_TYPES = """
    SELECT ns.nspname, cls.relname, att.attname, format_type(att.atttypid, att.atttypmod)
    FROM pg_constraint con
    JOIN pg_class cls ON cls.oid = con.conrelid
    JOIN pg_namespace ns ON ns.oid = cls.relnamespace
    JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = ANY (con.conkey)
    WHERE con.contype = 'p' AND ns.nspname = ANY (%s)
"""

FOREIGN_KEYS_ACROSS_SCHEMAS = """
    SELECT con.conname, src_ns.nspname || '.' || src.relname, dst_ns.nspname || '.' || dst.relname
    FROM pg_constraint con
    JOIN pg_class src ON src.oid = con.conrelid
    JOIN pg_namespace src_ns ON src_ns.oid = src.relnamespace
    JOIN pg_class dst ON dst.oid = con.confrelid
    JOIN pg_namespace dst_ns ON dst_ns.oid = dst.relnamespace
    WHERE con.contype = 'f' AND src_ns.oid <> dst_ns.oid
"""

# A foreign key's columns must have its target's type: a 32-bit column pointing at a 64-bit key would
# fail at the 2^31st row even though the key itself is wide enough.
FOREIGN_KEY_TYPE_MISMATCHES = """
    SELECT ns.nspname || '.' || src.relname || '.' || src_att.attname,
           format_type(src_att.atttypid, src_att.atttypmod),
           format_type(dst_att.atttypid, dst_att.atttypmod)
    FROM pg_constraint con
    JOIN pg_class src ON src.oid = con.conrelid
    JOIN pg_namespace ns ON ns.oid = src.relnamespace
    JOIN LATERAL unnest(con.conkey, con.confkey) AS pair(src_attnum, dst_attnum) ON true
    JOIN pg_attribute src_att ON src_att.attrelid = con.conrelid AND src_att.attnum = pair.src_attnum
    JOIN pg_attribute dst_att ON dst_att.attrelid = con.confrelid AND dst_att.attnum = pair.dst_attnum
    WHERE con.contype = 'f' AND ns.nspname = ANY (%s) AND src_att.atttypid <> dst_att.atttypid
"""


@pytest.fixture
def schemas(countries) -> list[str]:
    """The hub's schema, the template new countries are cloned from, and every test country."""
    return ["public", "country_template", *(country.schema_name for country in countries.values())]


def _rows(sql: str, params: list | None = None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@pytest.mark.django_db
def test_every_numeric_primary_key_is_64_bit_but_the_frameworks_small_tables(schemas):
    keys = _rows(PRIMARY_KEY_TYPES, [schemas])
    narrow = sorted(
        f"{schema}.{table}.{column} is {kind}"
        for schema, table, column, kind in keys
        if kind in ("integer", "smallint") and table not in FRAMEWORK_KEYS
    )
    assert {schema for schema, *_ in keys} == set(schemas), "every schema has tables with keys"
    assert narrow == []


@pytest.mark.django_db
def test_the_historys_keys_are_64_bit(schemas):
    """History grows by a row per change of every record: the table that reaches 2^31 first."""
    keys = _rows(PRIMARY_KEY_TYPES, [schemas])
    history = [key for key in keys if key[2] in ("history_id", "m2m_history_id")]
    assert len(history) > 50
    assert {kind for *_, kind in history} == {"bigint"}


@pytest.mark.django_db
def test_no_foreign_key_leaves_its_schema(schemas):
    assert _rows(FOREIGN_KEYS_ACROSS_SCHEMAS) == []


@pytest.mark.django_db
def test_foreign_keys_have_their_targets_type(schemas):
    assert _rows(FOREIGN_KEY_TYPE_MISMATCHES, [schemas]) == []
