import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from clmis.records.listing import Column, Listing
from modules.casework.listing import CaseFilter, case_columns
from modules.industrial_actions.models import ActionType, IndustrialAction, Outcome
from modules.reference.models import Code


class IndustrialActionFilter(CaseFilter):
    action_type = django_filters.ChoiceFilter(
        label=_("Type of action"), choices=ActionType.choices, empty_label=_("Any type")
    )
    cause = django_filters.ModelChoiceFilter(
        label=_("Cause"),
        queryset=Code.objects.filter(classification__key="industrial_action_cause", active=True),
        to_field_name="code",
        empty_label=_("Any cause"),
    )
    section = django_filters.CharFilter(
        label=_("ISIC section"), method="in_section", help_text=_("A letter, such as I or H.")
    )
    outcome = django_filters.ChoiceFilter(label=_("Outcome"), choices=Outcome.choices, empty_label=_("Any"))
    started_after = django_filters.DateFilter(
        label=_("Started from"),
        field_name="started_on",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    started_before = django_filters.DateFilter(
        label=_("Started until"),
        field_name="started_on",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    employer = django_filters.NumberFilter(label=_("Employer"), field_name="employer_id")
    search_fields = ("employer__name", "workplace__name", "union__name", "union__acronym")

    class Meta:
        model = IndustrialAction
        fields = [
            "q",
            "status",
            "action_type",
            "cause",
            "section",
            "outcome",
            "assigned_to",
            "overdue",
            "started_after",
            "started_before",
            "opened_after",
            "opened_before",
            "employer",
        ]

    def in_section(self, queryset, name, value: str):
        return queryset.filter(isic__path__startswith=f"{value.strip().upper()}/")


INDUSTRIAL_ACTIONS = Listing(
    title=_("Industrial actions"),
    columns=(
        *case_columns(),
        Column("action_type", _("Type"), value="get_action_type_display", sort="action_type"),
        Column("employer", _("Employer"), value="employer.name", sort="employer__name"),
        Column("isic", _("ISIC"), value="isic.code", sort="isic__code"),
        Column("started_on", _("Started"), sort="started_on"),
        Column("ended_on", _("Ended"), sort="ended_on"),
        Column("workers_women", _("Women"), sort="workers_women"),
        Column("workers_men", _("Men"), sort="workers_men"),
        Column("days_not_worked", _("Days not worked"), sort="days_not_worked"),
        Column("cause", _("Cause"), value="cause.title", sort="cause__title"),
        Column("outcome", _("Outcome"), value="get_outcome_display"),
    ),
    filterset=IndustrialActionFilter,
    default_sort="-started_on",
    export_name="industrial-actions",
)
