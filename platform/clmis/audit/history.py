from dataclasses import dataclass

from django.db import models
from simple_history.models import HistoricalRecords

from clmis.audit.context import current_actor
from clmis.audit.models import AuditedChange

# Never written from the application: secrets, and bookkeeping that changes at every sign-in.
ALWAYS_EXCLUDED = ("password", "last_login")


def audited(*, excluded_fields: tuple[str, ...] = (), **options) -> HistoricalRecords:
    """History for a model: a row per create/update/delete with the actor, the time and every value.

    django-simple-history's own user foreign key is left empty: a user id is only meaningful in its
    own schema, and records can be changed by users of another (the hub's service providers).
    The history's own key is 64-bit like every other: history is the fastest-growing table, and a
    sharded database (docs/scaling.md) can only hand out keys from bigint sequences.
    """
    return HistoricalRecords(
        bases=[AuditedChange],
        history_id_field=models.BigAutoField(primary_key=True),
        get_user=_no_user,
        excluded_fields=[*ALWAYS_EXCLUDED, *excluded_fields],
        **options,
    )


def _no_user(instance, **kwargs):
    return None


def record_actor(sender, history_instance, **kwargs) -> None:
    history_instance.actor = current_actor()


@dataclass(frozen=True)
class Change:
    field: str
    before: object
    after: object


@dataclass(frozen=True)
class HistoryEntry:
    when: object
    actor: str
    kind: str
    changes: tuple[Change, ...]


KINDS = {"+": "created", "~": "changed", "-": "deleted"}


def history_of(
    instance: models.Model, limit: int = 200, records: models.QuerySet | None = None
) -> list[HistoryEntry]:
    """The record's history, newest first, each entry with what changed since the one before.

    `records` are history rows to show instead of the instance's own: a setting kept in a row that is
    deleted to go back to the default (a letter's wording) has its history across the rows that held it.
    """
    records = list((instance.history.all() if records is None else records)[: limit + 1])
    entries = []
    # Each record with the one before it; the oldest has none (records loaded in bulk have no history).
    for record, previous in zip(records, [*records[1:], None], strict=False):
        changes = ()
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            changes = tuple(
                Change(_verbose_name(instance, change.field), *readable_change(instance, change))
                for change in delta.changes
            )
        entries.append(HistoryEntry(record.history_date, record.actor, KINDS[record.history_type], changes))
    return entries[:limit]


def readable_change(instance: models.Model, change) -> tuple[object, object]:
    """Before and after as people read them: a foreign key's record, not its id."""
    field = instance._meta.get_field(change.field) if _is_field(instance, change.field) else None
    if isinstance(field, models.ForeignKey):
        related = field.related_model._default_manager
        return tuple(
            str(related.filter(pk=value).first() or value) if value is not None else None
            for value in (change.old, change.new)
        )
    if isinstance(field, models.JSONField):
        return tuple(_json_text(value) for value in (change.old, change.new))
    return change.old, change.new


def _json_text(value: object) -> object:
    """Values by key (a record's custom fields) as "key: value; ...", not as a Python dict."""
    if isinstance(value, dict):
        return "; ".join(f"{key}: {item}" for key, item in value.items()) or None
    return value


def _is_field(instance: models.Model, name: str) -> bool:
    try:
        instance._meta.get_field(name)
    except Exception:  # an m2m or a field removed since
        return False
    return True


def _verbose_name(instance: models.Model, field: str) -> str:
    try:
        return str(instance._meta.get_field(field).verbose_name)
    except Exception:  # an m2m or a field removed since
        return field
