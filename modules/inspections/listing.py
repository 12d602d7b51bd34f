import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from clmis.records.listing import Column, Listing
from modules.casework.listing import CaseFilter, case_columns
from modules.inspections.models import Inspection, Kind
from modules.reference.models import Code


class InspectionFilter(CaseFilter):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Kind.choices, empty_label=_("Any kind"))
    section = django_filters.ModelChoiceFilter(
        label=_("Economic activity (ISIC section)"),
        queryset=Code.objects.filter(classification__key="isic4", level=1),
        to_field_name="code",
        empty_label=_("Any activity"),
        method="in_section",
    )
    visited_after = django_filters.DateFilter(
        label=_("Visited from"),
        field_name="visited_on",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    visited_before = django_filters.DateFilter(
        label=_("Visited until"),
        field_name="visited_on",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    employer = django_filters.NumberFilter(label=_("Employer"), field_name="employer_id")
    workplace = django_filters.NumberFilter(label=_("Workplace"), field_name="workplace_id")
    search_fields = ("employer__name", "workplace__name")

    class Meta:
        model = Inspection
        fields = [
            "q",
            "status",
            "kind",
            "section",
            "assigned_to",
            "overdue",
            "opened_after",
            "opened_before",
            "visited_after",
            "visited_before",
            "employer",
            "workplace",
        ]

    def in_section(self, queryset, name, value: Code):
        return queryset.filter(isic__path__startswith=f"{value.code}/")


INSPECTIONS = Listing(
    title=_("Inspections"),
    columns=(
        *case_columns(),
        Column("kind", _("Kind"), value="get_kind_display", sort="kind"),
        Column("employer", _("Employer"), value="employer.name", sort="employer__name"),
        Column("workplace", _("Workplace"), value="workplace.name", sort="workplace__name"),
        Column("isic", _("Economic activity (ISIC)"), value="isic.code", sort="isic__code"),
        Column("visited_on", _("Visited"), sort="visited_on"),
        Column("workers_women", _("Women present"), sort="workers_women"),
        Column("workers_men", _("Men present"), sort="workers_men"),
    ),
    filterset=InspectionFilter,
    default_sort="-opened_on",
    export_name="inspections",
)
