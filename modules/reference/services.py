"""Changes to national code tables (the shipped international ones only change by `reference load`)."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clmis.accounts.actors import actor_label
from clmis.audit.context import acting
from modules.reference.fields import unknown_code_message
from modules.reference.models import Classification, Code
from modules.reference.selectors import code_lookup

# Words of the table pages' own addresses (/tables/new/, /tables/<key>/codes/new/): a table or code
# named so could never be opened.
RESERVED = {"new"}
# A code is one segment of a path ("C/10/107/1071") and of an address: no slash, no space.
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def code_text_check(code: str) -> str:
    """The code as stored, or a refusal if it could not be a path segment or an address."""
    code = code.strip()
    if not CODE_PATTERN.match(code):
        raise ValidationError(
            _("A code has letters and digits, and may have . - _ after the first character.")
        )
    if code.lower() in RESERVED:
        raise ValidationError(_("%(code)s cannot be used as a code.") % {"code": code})
    return code


def table_key_check(key: str) -> str:
    key = key.strip().lower()
    if key in RESERVED:
        raise ValidationError(_("%(key)s cannot be used as a key.") % {"key": key})
    return key


@transaction.atomic
def national_table_create(*, key: str, title: str, maps_to: str = "", by) -> Classification:
    """A new national code table (districts, parishes, a national occupation list...)."""
    with acting(actor_label(by)):
        try:
            key = table_key_check(key)
        except ValidationError as error:
            raise ValidationError({"key": error.messages}) from error
        if Classification.objects.filter(key=key).exists():
            raise ValidationError({"key": _("A table with the key %(key)s already exists.") % {"key": key}})
        if maps_to and not Classification.objects.filter(key=maps_to).exists():
            raise ValidationError({"maps_to": _("There is no table %(key)s to map to.") % {"key": maps_to}})
        table = Classification(key=key, title=title, maps_to=maps_to, kind=Classification.Kind.NATIONAL)
        table.full_clean()
        table.save()
        return table


@transaction.atomic
def national_table_change(*, table: Classification, title: str, maps_to: str = "", by) -> Classification:
    """Retitle a national code table, or change the harmonised table its codes map to."""
    with acting(actor_label(by)):
        if not table.is_national:
            raise ValidationError(
                _("%(table)s is shipped with the platform and cannot be edited here.") % {"table": table}
            )
        if maps_to and not Classification.objects.filter(key=maps_to).exists():
            raise ValidationError({"maps_to": _("There is no table %(key)s to map to.") % {"key": maps_to}})
        table.title, table.maps_to = title, maps_to
        table.full_clean()
        table.save()
        return table


@transaction.atomic
def national_code_save(
    *,
    table: Classification,
    code: str,
    title: str,
    parent: str = "",
    harmonised_code: str = "",
    active: bool = True,
    instance: Code | None = None,
    by,
) -> Code:
    """Add or change a code of a national table; its parent and harmonised code must exist."""
    with acting(actor_label(by)):
        if not table.is_national:
            raise ValidationError(
                _("%(table)s is shipped with the platform and cannot be edited here.") % {"table": table}
            )
        errors = {}
        try:
            code = code_text_check(code)
        except ValidationError as error:
            errors["code"] = error.messages
        parent_code = code_lookup(table.key, parent) if parent else None
        if parent and parent_code is None:
            errors["parent"] = unknown_code_message(table.key, parent)
        if harmonised_code and table.maps_to and code_lookup(table.maps_to, harmonised_code) is None:
            errors["harmonised_code"] = unknown_code_message(table.maps_to, harmonised_code)
        duplicate = Code.objects.filter(classification=table, code__iexact=code.strip())
        if instance is not None:
            duplicate = duplicate.exclude(pk=instance.pk)
        if duplicate.exists():
            errors["code"] = _("%(code)s is already in this table.") % {"code": code}
        if (
            instance is not None
            and parent_code is not None
            and (parent_code.pk == instance.pk or parent_code.path.startswith(instance.path + "/"))
        ):
            errors["parent"] = _("A code cannot be placed under itself or under one of its own codes.")
        if errors:
            raise ValidationError(errors)
        entry = instance or Code(classification=table)
        entry.code, entry.title, entry.parent = code.strip(), title.strip(), parent_code
        entry.level = parent_code.level + 1 if parent_code else 1
        entry.path = f"{parent_code.path}/{entry.code}" if parent_code else entry.code
        entry.harmonised_code, entry.active = harmonised_code.strip(), active
        entry.search_text = entry.title.lower()
        entry.full_clean(exclude=["path", "search_text"])
        entry.save()
        _repath_children(entry)
        return entry


def _repath_children(code: Code) -> None:
    """Keep the paths and levels of a code's descendants right after its code or parent changed."""
    for child in code.children.all():
        path, level = f"{code.path}/{child.code}", code.level + 1
        if (child.path, child.level) != (path, level):
            child.path, child.level = path, level
            child.save(update_fields=["path", "level"])
        _repath_children(child)
