"""What a custom field's values are: how a form asks for one, how the API takes one, how a page, a list
and an export show one. One place for every kind, so a value means the same wherever it is read.

Values are stored as JSON: text as a string, a number as a JSON number, a date as "YYYY-MM-DD" (which
sorts and compares as a date), a choice as its code, yes/no as true/false. An empty value is no key.
"""

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clmis.memo import held
from modules.custom_fields.models import CustomField
from modules.reference.models import Code

Kind = CustomField.Kind
YES_NO = (("", gettext_lazy("Not recorded")), ("true", gettext_lazy("Yes")), ("false", gettext_lazy("No")))


def fields_of(model: type[Model], *, active: bool = True) -> list[CustomField]:
    """The custom fields of a kind of record, in their order (those in use, unless active=False); read
    through clmis.memo: every form, list page and API list of the record asks."""
    record = model._meta.label_lower

    def load() -> list[CustomField]:
        return list(CustomField.objects.filter(record=record).select_related("table"))

    definitions = held(fields_key(record), load)
    return [definition for definition in definitions if definition.active] if active else definitions


def fields_key(record: str) -> str:
    return f"custom_fields:{record}"


def code_titles(definition: CustomField) -> dict[str, str]:
    """The codes a choice offers (those in use), with their titles."""
    codes = Code.objects.filter(classification=definition.table_id, active=True).order_by("path")
    return dict(codes.values_list("code", "title"))


def form_field(definition: CustomField) -> forms.Field:
    """The form field asking for the value, with the field's label, help text and requirement."""
    common = {"label": definition.label, "help_text": definition.help_text, "required": definition.required}
    if definition.kind == Kind.NUMBER:
        return forms.DecimalField(max_digits=18, decimal_places=4, **common)
    if definition.kind == Kind.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if definition.kind == Kind.CHOICE:
        choices = [("", "—"), *((code, f"{code} {title}") for code, title in code_titles(definition).items())]
        return forms.ChoiceField(choices=choices, **common)
    if definition.kind == Kind.YES_NO:
        return forms.TypedChoiceField(
            choices=YES_NO, coerce=lambda value: value == "true", empty_value=None, **common
        )
    return forms.CharField(max_length=500, **common)


def stored(definition: CustomField, value: object) -> object:
    """A cleaned value as kept in JSON (None for no value)."""
    if value in (None, ""):
        return None
    if definition.kind == Kind.NUMBER:
        number = Decimal(value)
        return int(number) if number == number.to_integral_value() else float(number)
    if definition.kind == Kind.DATE:
        return value.isoformat()
    return value.strip() if isinstance(value, str) else value


def form_value(definition: CustomField, value: object) -> object:
    """A stored value as its form field shows it."""
    if value is None:
        return None
    if definition.kind == Kind.NUMBER:
        return Decimal(str(value))
    if definition.kind == Kind.YES_NO:
        return "true" if value else "false"
    return value


def shown(definition: CustomField, value: object, titles: Mapping[str, str] | None = None) -> object:
    """A stored value as a page, a list or a spreadsheet shows it: a date as a date, a number as a
    number, a code with its title, yes/no in words; None when there is none."""
    if value is None:
        return None
    if definition.kind == Kind.DATE:
        return datetime.date.fromisoformat(value)
    if definition.kind == Kind.NUMBER:
        return Decimal(str(value))
    if definition.kind == Kind.YES_NO:
        return _("Yes") if value else _("No")
    if definition.kind == Kind.CHOICE:
        title = (titles if titles is not None else code_titles(definition)).get(value)
        return f"{value} {title}" if title else value
    return value


def values_merged(
    definitions: Iterable[CustomField], cleaned: Mapping[str, object], existing: Mapping[str, object]
) -> dict:
    """The record's values after a save: those of fields taken out of use kept, the others as given
    (`cleaned` by key, form-cleaned), an emptied one removed."""
    merged = dict(existing or {})
    for definition in definitions:
        if definition.key not in cleaned:
            continue
        value = stored(definition, cleaned[definition.key])
        if value is None:
            merged.pop(definition.key, None)
        else:
            merged[definition.key] = value
    return merged


def values_from_api(
    model: type[Model], given: Mapping[str, object], existing: Mapping[str, object], *, partial: bool
) -> dict:
    """Values sent to the API (`{"key": value}`), checked as a form checks them, merged into the
    record's. Unknown keys, wrong values and, unless `partial`, a required field left out are refused
    together, by key."""
    definitions = {definition.key: definition for definition in fields_of(model)}
    errors: dict[str, list[str]] = {}
    cleaned = {}
    for key, value in given.items():
        definition = definitions.get(key)
        if definition is None:
            errors[key] = [_("There is no field %(key)s in use here.") % {"key": key}]
            continue
        if isinstance(value, list | dict):
            errors[key] = [_("Send one value, not a list or an object.")]
            continue
        try:
            cleaned[key] = form_field(definition).clean(_as_form_data(definition, value))
        except ValidationError as error:
            errors[key] = error.messages
    merged = values_merged(definitions.values(), cleaned, existing)
    if not partial:
        for key, definition in definitions.items():
            if definition.required and key not in merged and key not in errors:
                errors[key] = [_("This field is required.")]
    if errors:
        raise ValidationError(errors)
    return merged


def _as_form_data(definition: CustomField, value: object) -> object:
    """A JSON value as a form would post it: true/false for yes/no, text for a number."""
    if definition.kind == Kind.YES_NO and isinstance(value, bool):
        return "true" if value else "false"
    if definition.kind == Kind.NUMBER and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if value is None:
        return ""
    return value


def values_shown(record: Model) -> list[tuple[str, object]]:
    """(label, value) of every field in use for the record, for its page."""
    values = getattr(record, "custom", None) or {}
    return [
        (definition.label, shown(definition, values.get(definition.key)))
        for definition in fields_of(type(record))
    ]
