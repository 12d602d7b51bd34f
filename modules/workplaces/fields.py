"""Choosing a workplace of the register in a form (inspections, industrial actions): a searchable picker."""

from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from modules.reference.fields import SearchPicker
from modules.workplaces.models import Workplace

SUGGESTIONS = 5


def workplaces_matching(query: str):
    """Workplaces in operation whose name, town or employer holds the text."""
    query = query.strip()
    return (
        Workplace.objects.filter(
            Q(name__icontains=query) | Q(city__icontains=query) | Q(employer__name__icontains=query),
            active=True,
        )
        .select_related("employer")
        .order_by("employer__name", "name")
    )


def workplace_label(workplace: Workplace) -> str:
    return f"{workplace.employer.name} – {workplace.name}" + (
        f" ({workplace.city})" if workplace.city else ""
    )


class WorkplacePicker(SearchPicker):
    def format_value(self, value):
        return str(value.pk) if isinstance(value, Workplace) else super().format_value(value)

    def search_url(self) -> str:
        return reverse("workplaces:search")

    def describe(self, value) -> str:
        workplace = value if isinstance(value, Workplace) else _find(str(value))
        return workplace_label(workplace) if workplace else ""


class WorkplaceField(forms.Field):
    """A workplace of the register, by its number (what the picker fills in); suggestions when not found."""

    widget = WorkplacePicker

    def prepare_value(self, value):
        return value.pk if isinstance(value, Workplace) else value

    def to_python(self, value) -> Workplace | None:
        if isinstance(value, Workplace) or value in self.empty_values:
            return value or None
        workplace = _find(str(value))
        if workplace is not None:
            return workplace
        message = _("No workplace %(value)s in the register.") % {"value": value}
        candidates = list(workplaces_matching(str(value))[:SUGGESTIONS])
        if candidates:
            message += " " + _("Did you mean: %(workplaces)s?") % {
                "workplaces": "; ".join(f"{workplace_label(w)} [{w.pk}]" for w in candidates)
            }
        raise forms.ValidationError(message)


def _find(text: str) -> Workplace | None:
    text = text.strip()
    return (
        Workplace.objects.select_related("employer").filter(pk=int(text)).first() if text.isdigit() else None
    )
