"""Filters the record lists share."""

import django_filters
from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


def yes_no_filter(label: Promise | str, **kwargs) -> django_filters.BooleanFilter:
    """A filter on a yes/no field, offering Any, Yes and No (Django's own offers "Unknown")."""
    choices = [("", _("Any")), ("true", _("Yes")), ("false", _("No"))]
    return django_filters.BooleanFilter(label=label, widget=forms.Select(choices=choices), **kwargs)
