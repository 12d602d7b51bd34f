import django_filters
from django.utils.translation import gettext_lazy as _

from clmis.records.listing import Column, Listing
from modules.casework.listing import CaseFilter, case_columns
from modules.migrant_assistance.models import AssistanceRequest
from modules.migrant_assistance.selectors import destinations_in_use, request_types
from modules.reference.choices import Sex


class AssistanceRequestFilter(CaseFilter):
    request_type = django_filters.ModelChoiceFilter(
        label=_("Type of request"),
        queryset=lambda request: request_types(),
        to_field_name="code",
        empty_label=_("Any type"),
    )
    destination = django_filters.ModelChoiceFilter(
        label=_("Country of destination"),
        queryset=destinations_in_use,
        to_field_name="code",
        empty_label=_("Any country"),
    )
    person_sex = django_filters.ChoiceFilter(label=_("Sex"), choices=Sex.choices, empty_label=_("Any"))
    search_fields = ("person_name", "employer_abroad_name", "agency_name")

    class Meta:
        model = AssistanceRequest
        fields = [
            "q",
            "status",
            "request_type",
            "destination",
            "person_sex",
            "assigned_to",
            "overdue",
            "opened_after",
            "opened_before",
        ]


REQUESTS = Listing(
    title=_("Overseas migrant workers: requests for assistance"),
    columns=(
        *case_columns(),
        Column("person_name", _("Name"), sort="person_name"),
        Column("person_sex", _("Sex"), value="get_person_sex_display"),
        Column(
            "destination", _("Country of destination"), value="destination.title", sort="destination__title"
        ),
        Column("request_type", _("Type of request"), value="request_type.title", sort="request_type__pk"),
        Column(
            "occupation", _("Occupation (ISCO)"), value=lambda r: str(r.occupation) if r.occupation else None
        ),
        Column("employer_abroad_name", _("Employer abroad")),
        Column("agency_name", _("Recruitment agency")),
        Column("departed_on", _("Departed on"), sort="departed_on"),
        Column("still_abroad", _("Still abroad"), value=lambda r: _("yes") if r.still_abroad else _("no")),
        Column("recruitment_cost", _("Recruitment cost"), sort="recruitment_cost"),
        Column("monthly_earnings", _("First month's earnings"), sort="monthly_earnings"),
        Column("currency", _("Currency")),
        Column("cost_ratio", _("Recruitment cost ÷ earnings (SDG 10.7.1)")),
        Column("outcome", _("Outcome"), value="get_outcome_display"),
    ),
    filterset=AssistanceRequestFilter,
    default_sort="-opened_on",
    export_name="migrant-assistance",
)
