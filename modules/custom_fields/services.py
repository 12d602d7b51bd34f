"""Every change to a country's custom fields goes through here, from its pages, its API and the hub."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from clmis.memo import forget
from clmis.records.locking import record_save
from modules.custom_fields.models import CustomField
from modules.custom_fields.records import record_type
from modules.custom_fields.values import fields_key

# Names that mean something to every record, whatever its model says.
RESERVED = {"custom", "id", "pk", "version"}


def custom_field_save(
    *, field: CustomField | None = None, values: Mapping[str, object], version: int | None, by
) -> CustomField:
    """Add a field to a kind of record, or change one. Refused, with nothing saved: an unknown kind of
    record, a key that is a built-in name of the record, a new kind of record or key for an existing
    field, a kind or code table changed while records hold values, a code table that is not national."""
    field = field or CustomField()
    values = dict(values)
    errors: dict[str, str] = {}
    if field.pk is None:
        found = record_type(str(values.get("record", "")))
        if found is None or found.module not in _modules_in_use():
            errors["record"] = _("Choose a kind of record of a module in use.")
        elif values.get("key") in builtin_names(found.model):
            errors["key"] = _(
                "%(key)s is already a field of %(record)s. Choose another key, e.g. %(key)s_local."
            ) % {"key": values["key"], "record": found.model._meta.verbose_name_plural}
    else:
        for name in ("record", "key"):
            if name in values and values[name] != getattr(field, name):
                errors[name] = _("A field keeps its kind of record and key; add a new field instead.")
        errors.update(_kind_change_errors(field, values))
    table = values.get("table")
    if table is not None and not table.is_national:
        errors["table"] = _("Choose a national code table (the country's own list of codes).")
    if errors:
        raise ValidationError(errors)
    saved = record_save(field, values=values, version=version, by=by)
    key = fields_key(saved.record)
    forget(key)
    transaction.on_commit(lambda: forget(key))
    return saved


def _modules_in_use() -> set[str]:
    return set(connection.tenant.module_enablements.values_list("module", flat=True))


def builtin_names(model: type[Model]) -> set[str]:
    """The names a record already has: its fields (with their columns) and relations, what its class
    defines (properties such as `overdue`), and RESERVED. A custom field may take none of them."""
    names = set(RESERVED)
    for model_field in model._meta.get_fields():
        names.add(model_field.name)
        names.add(getattr(model_field, "attname", model_field.name))
    names.update(name for name in dir(model) if not name.startswith("_"))
    return names


def values_held(field: CustomField) -> int:
    """How many records hold a value of the field."""
    found = record_type(field.record)
    if found is None:
        return 0
    return found.model._default_manager.filter(custom__has_key=field.key).count()


def _kind_change_errors(field: CustomField, values: Mapping[str, object]) -> dict[str, str]:
    changes_kind = "kind" in values and values["kind"] != field.kind
    changes_table = "table" in values and getattr(values["table"], "pk", None) != field.table_id
    if not (changes_kind or changes_table):
        return {}
    held = values_held(field)
    if not held:
        return {}
    message = _(
        "%(count)d records hold a value of this field, which would no longer mean the same. "
        "Take this field out of use and add a new one instead."
    ) % {"count": held}
    return {"kind" if changes_kind else "table": message}
