"""A record list's filters on the custom fields offered as filters, for its page and its API alike.

Added to the list's FilterSet when it is made (a country's fields are data, not a class), named after
the field: custom_<key> for text (contains), a choice and yes/no; custom_<key>_min/_max for a number;
custom_<key>_from/_to for a date.
"""

import django_filters
from django import forms
from django.utils.translation import gettext as _

from clmis.records.filters import yes_no_filter
from modules.custom_fields.models import CustomField
from modules.custom_fields.records import is_customisable
from modules.custom_fields.values import code_titles, fields_of

Kind = CustomField.Kind
DATE = {"type": "date"}


def custom_filters_add(filterset: django_filters.FilterSet) -> None:
    """Give a FilterSet of a customisable record the filters of its custom fields."""
    model = filterset.queryset.model
    if not is_customisable(model):
        return
    for definition in fields_of(model):
        if definition.filter:
            filterset.filters.update(_filters(definition))


def _filters(definition: CustomField) -> dict[str, django_filters.Filter]:
    name, label, path = definition.form_name, definition.label, f"custom__{definition.key}"
    if definition.kind == Kind.NUMBER:
        return {
            f"{name}_min": django_filters.NumberFilter(
                label=_("%(field)s from") % {"field": label}, method=_compare(path, "gte", float)
            ),
            f"{name}_max": django_filters.NumberFilter(
                label=_("%(field)s up to") % {"field": label}, method=_compare(path, "lte", float)
            ),
        }
    if definition.kind == Kind.DATE:
        as_text = lambda day: day.isoformat()  # noqa: E731 - stored as "YYYY-MM-DD"
        return {
            f"{name}_from": django_filters.DateFilter(
                label=_("%(field)s from") % {"field": label},
                method=_compare(path, "gte", as_text),
                widget=forms.DateInput(attrs=DATE),
            ),
            f"{name}_to": django_filters.DateFilter(
                label=_("%(field)s until") % {"field": label},
                method=_compare(path, "lte", as_text),
                widget=forms.DateInput(attrs=DATE),
            ),
        }
    if definition.kind == Kind.CHOICE:
        choices = [(code, f"{code} {title}") for code, title in code_titles(definition).items()]
        return {name: django_filters.ChoiceFilter(label=label, choices=choices, field_name=path)}
    if definition.kind == Kind.YES_NO:
        return {name: yes_no_filter(label, field_name=path)}
    return {name: django_filters.CharFilter(label=label, field_name=path, lookup_expr="icontains")}


def _compare(path: str, lookup: str, as_json):
    """A filter method comparing the stored JSON value (a number, or a date as text) with the one asked."""

    def method(queryset, name, value):
        return queryset.filter(**{f"{path}__{lookup}": as_json(value)})

    return method
