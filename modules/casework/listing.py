"""What every case list shares: search by reference, status, officer, overdue, opening dates; the columns."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clmis.personal_data.selectors import hides_personal_data, personal_fields, searchable
from clmis.records.filters import yes_no_filter
from clmis.records.listing import Column


class CaseFilter(django_filters.FilterSet):
    """Base of a case type's filters; a module adds its own fields and sets Meta.model."""

    q = django_filters.CharFilter(label=_("Reference or name"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), empty_label=_("Any status"), method="in_status")
    assigned_to = django_filters.ModelChoiceFilter(
        label=_("Officer"),
        queryset=get_user_model().objects.filter(is_active=True, assigned_cases__isnull=False).distinct(),
        empty_label=_("Any officer"),
    )
    overdue = yes_no_filter(_("Overdue"), method="is_overdue")
    opened_after = django_filters.DateFilter(
        label=_("Opened from"),
        field_name="opened_on",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    opened_before = django_filters.DateFilter(
        label=_("Opened until"),
        field_name="opened_on",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    # Fields a module adds to the reference search (e.g. the complainant's name).
    search_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["status"].extra["choices"] = self._meta.model.workflow.choices()
        user = getattr(self.request, "user", None)
        if user is not None and hides_personal_data(self._meta.model, user):
            # A filter by a date of birth would find the person it hides (born on a given day).
            for name in [
                name for name, f in self.filters.items() if f.field_name in personal_fields(self._meta.model)
            ]:
                del self.filters[name]

    def searched(self, lookups: tuple[str, ...]) -> list[str]:
        """The lookups the search may use for this user: none that would find a person by what is
        withheld from them."""
        user = getattr(self.request, "user", None)
        return list(lookups) if user is None else searchable(self._meta.model, lookups, user)

    def search(self, queryset, name, value: str):
        query = Q(reference__icontains=value)
        for field in self.searched(self.search_fields):
            query |= Q(**{f"{field}__icontains": value})
        return queryset.filter(query)

    def in_status(self, queryset, name, value: str):
        return queryset.filter(status=value)

    def is_overdue(self, queryset, name, value: bool):
        late = Q(closed_on__isnull=True, due_on__lt=timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)


def case_columns() -> tuple[Column, ...]:
    """The columns every case list starts with; the first links to the case."""
    return (
        Column("reference", _("Reference number"), sort="reference"),
        Column("status", _("Status"), value="status_label", sort="status"),
        Column(
            "assigned_to",
            _("Officer"),
            value=lambda case: (
                (case.assigned_to.get_full_name() or case.assigned_to.username) if case.assigned_to else None
            ),
            sort="assigned_to__last_name",
        ),
        Column("opened_on", _("Opened"), sort="opened_on"),
        Column("due_on", _("Due"), sort="due_on"),
        Column("overdue", _("Overdue"), value=lambda case: _("overdue") if case.overdue else ""),
    )
