import datetime

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clmis.records.listing import Column, Listing
from modules.casework.listing import CaseFilter, case_columns
from modules.reference.models import Code
from modules.vacancies.models import Contract, Vacancy, WorkRequest


def in_occupation(queryset, name: str, value: str):
    """An ISCO unit group ("5120"), or every occupation under a major, sub-major or minor group ("5")."""
    value = value.strip()
    return queryset.filter(Q(occupation__code=value) | Q(occupation__path__startswith=f"{value}/"))


class VacancyFilter(CaseFilter):
    q = django_filters.CharFilter(label=_("Reference, job title or employer"), method="search")
    occupation = django_filters.CharFilter(
        label=_("Occupation (ISCO)"),
        method=in_occupation,
        help_text=_("A 4-digit ISCO code, or a major group such as 5."),
    )
    district = django_filters.ModelChoiceFilter(
        label=_("District"),
        queryset=Code.objects.filter(classification__key="district", active=True),
        to_field_name="code",
        empty_label=_("Any district"),
    )
    contract = django_filters.ChoiceFilter(
        label=_("Contract"), choices=Contract.choices, empty_label=_("Any")
    )
    # At most ten years ahead: further than any vacancy stays open; a date past the calendar's end fails.
    closing_within = django_filters.NumberFilter(
        label=_("Closing within (days)"), method="closes_within", min_value=0, max_value=3650
    )
    employer = django_filters.NumberFilter(label=_("Employer"), field_name="employer_id")
    search_fields = ("title", "employer__name")

    class Meta:
        model = Vacancy
        fields = [
            "q",
            "status",
            "occupation",
            "district",
            "contract",
            "assigned_to",
            "opened_after",
            "opened_before",
            "closing_within",
            "employer",
        ]

    def closes_within(self, queryset, name: str, value):
        today = timezone.localdate()
        return queryset.filter(closes_on__range=(today, today + datetime.timedelta(days=int(value))))


VACANCIES = Listing(
    title=_("Vacancies"),
    columns=(
        *case_columns(),
        Column("title", _("Job title"), sort="title"),
        Column("employer", _("Employer"), value="employer.name", sort="employer__name"),
        Column("occupation", _("Occupation (ISCO)"), value="occupation", sort="occupation__code"),
        Column("district", _("District"), value="district.title", sort="district__title"),
        Column("posts", _("Posts"), sort="posts"),
        Column("posts_filled", _("Posts filled"), sort="posts_filled"),
        Column("contract", _("Contract"), value="get_contract_display", sort="contract"),
        Column("closes_on", _("Closing date"), sort="closes_on"),
    ),
    filterset=VacancyFilter,
    default_sort="-opened_on",
    export_name="vacancies",
)


class WorkRequestFilter(CaseFilter):
    q = django_filters.CharFilter(label=_("Reference, employer or contact"), method="search")
    occupation = django_filters.CharFilter(
        label=_("Occupation (ISCO)"),
        method=in_occupation,
        help_text=_("A 4-digit ISCO code, or a major group such as 5."),
    )
    employer = django_filters.NumberFilter(label=_("Employer"), field_name="employer_id")
    search_fields = ("employer__name", "contact_person")

    class Meta:
        model = WorkRequest
        fields = [
            "q",
            "status",
            "occupation",
            "assigned_to",
            "overdue",
            "opened_after",
            "opened_before",
            "employer",
        ]


WORK_REQUESTS = Listing(
    title=_("Work requests"),
    columns=(
        *case_columns(),
        Column("employer", _("Employer"), value="employer.name", sort="employer__name"),
        Column("contact_person", _("Contact person"), sort="contact_person"),
        Column("occupation", _("Occupation (ISCO)"), value="occupation", sort="occupation__code"),
        Column("posts", _("Posts"), sort="posts"),
        Column("needed_by", _("Needed by"), sort="needed_by"),
    ),
    filterset=WorkRequestFilter,
    default_sort="-opened_on",
    export_name="work-requests",
)
