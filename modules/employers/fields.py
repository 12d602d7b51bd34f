"""Choosing an employer of the register in a form: a searchable picker, suggestions when not found."""

from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from modules.employers.models import Employer
from modules.reference.fields import SearchPicker

SUGGESTIONS = 5


def employers_matching(query: str):
    query = query.strip()
    return Employer.objects.filter(
        Q(name__icontains=query) | Q(registration_number__istartswith=query)
    ).order_by("name")


def employer_label(employer: Employer) -> str:
    return (
        f"{employer.name} ({employer.registration_number})" if employer.registration_number else employer.name
    )


class EmployerPicker(SearchPicker):
    def format_value(self, value):
        return str(value.pk) if isinstance(value, Employer) else super().format_value(value)

    def search_url(self) -> str:
        return reverse("employers:search")

    def describe(self, value) -> str:
        employer = value if isinstance(value, Employer) else _find(str(value))
        return employer_label(employer) if employer else ""


class EmployerField(forms.Field):
    """Takes the employer's number in the register (what the picker fills in) or its registration number."""

    widget = EmployerPicker

    def prepare_value(self, value):
        return value.pk if isinstance(value, Employer) else value

    def to_python(self, value) -> Employer | None:
        if isinstance(value, Employer) or value in self.empty_values:
            return value or None
        employer = _find(str(value))
        if employer is not None:
            return employer
        candidates = list(employers_matching(str(value))[:SUGGESTIONS])
        message = _("No employer %(value)s in the register.") % {"value": value}
        if candidates:
            message += " " + _("Did you mean: %(employers)s?") % {
                "employers": "; ".join(f"{employer_label(e)} [{e.pk}]" for e in candidates)
            }
        raise forms.ValidationError(message)


def _find(text: str) -> Employer | None:
    text = text.strip()
    if text.isdigit():
        found = Employer.objects.filter(pk=int(text)).first()
        if found:
            return found
    return Employer.objects.filter(registration_number__iexact=text).first() if text else None
