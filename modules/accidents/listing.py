import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from clmis.records.filters import yes_no_filter
from clmis.records.listing import Column, Listing
from modules.accidents.models import Accident
from modules.casework.listing import CaseFilter, case_columns
from modules.reference.choices import Sex
from modules.reference.models import Code


class AccidentFilter(CaseFilter):
    person_sex = django_filters.ChoiceFilter(label=_("Sex"), choices=Sex.choices, empty_label=_("Any"))
    is_disease = yes_no_filter(_("Occupational disease"))
    fatal = yes_no_filter(_("Fatal"))
    injury_type = django_filters.ModelChoiceFilter(
        label=_("Type of injury"),
        queryset=Code.objects.filter(classification__key="injury_type", active=True),
        to_field_name="code",
        empty_label=_("Any type"),
    )
    agency = django_filters.ModelChoiceFilter(
        label=_("Agency or cause"),
        queryset=Code.objects.filter(classification__key="accident_agency", active=True),
        to_field_name="code",
        empty_label=_("Any cause"),
    )
    occurred_after = django_filters.DateFilter(
        label=_("Happened from"),
        field_name="occurred_on",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    occurred_before = django_filters.DateFilter(
        label=_("Happened until"),
        field_name="occurred_on",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    employer = django_filters.NumberFilter(label=_("Employer"), field_name="employer_id")
    search_fields = ("person_name", "employer__name")

    class Meta:
        model = Accident
        fields = [
            "q",
            "status",
            "is_disease",
            "fatal",
            "person_sex",
            "injury_type",
            "agency",
            "assigned_to",
            "overdue",
            "occurred_after",
            "occurred_before",
            "opened_after",
            "opened_before",
            "employer",
        ]


ACCIDENTS = Listing(
    title=_("Occupational accidents and diseases"),
    columns=(
        *case_columns(),
        Column("person_name", _("Injured or ill person"), sort="person_name"),
        Column("person_sex", _("Sex"), value="get_person_sex_display"),
        Column("employer", _("Employer"), value="employer.name", sort="employer__name"),
        Column("occurred_on", _("Date of the accident or diagnosis"), sort="occurred_on"),
        Column("is_disease", _("Disease"), value=lambda a: _("disease") if a.is_disease else _("accident")),
        Column("fatal", _("Fatal"), value=lambda a: _("fatal") if a.fatal else ""),
        Column("injury_type", _("Type of injury"), value="injury_type.title", sort="injury_type__title"),
        Column("days_lost", _("Days lost"), sort="days_lost"),
    ),
    filterset=AccidentFilter,
    default_sort="-occurred_on",
    export_name="accidents",
)
