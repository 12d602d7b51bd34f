import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from clmis.records.listing import Column, Listing
from modules.casework.listing import CaseFilter, case_columns
from modules.redundancies.models import Redundancy
from modules.reference.models import Code


class RedundancyFilter(CaseFilter):
    q = django_filters.CharFilter(label=_("Reference or employer"), method="search")
    reason = django_filters.ModelChoiceFilter(
        label=_("Reason"),
        queryset=Code.objects.filter(classification__key="redundancy_reason", active=True),
        to_field_name="code",
        empty_label=_("Any reason"),
    )
    employer = django_filters.NumberFilter(label=_("Employer"), field_name="employer_id")
    notified_after = django_filters.DateFilter(
        label=_("Notified from"),
        field_name="notified_on",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    notified_before = django_filters.DateFilter(
        label=_("Notified until"),
        field_name="notified_on",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    search_fields = ("employer__name",)

    class Meta:
        model = Redundancy
        fields = [
            "q",
            "status",
            "reason",
            "assigned_to",
            "overdue",
            "notified_after",
            "notified_before",
            "employer",
        ]


REDUNDANCIES = Listing(
    title=_("Redundancies"),
    columns=(
        *case_columns(),
        Column("employer", _("Employer"), value="employer.name", sort="employer__name"),
        Column("notified_on", _("Notified"), sort="notified_on"),
        Column("effective_on", _("Effective"), sort="effective_on"),
        Column("reason", _("Reason"), value="reason.title", sort="reason__title"),
        Column("women_affected", _("Women affected"), sort="women_affected"),
        Column("men_affected", _("Men affected"), sort="men_affected"),
        Column("workers_affected", _("Workers affected")),
        Column("severance_total", _("Severance pay, total"), sort="severance_total"),
    ),
    filterset=RedundancyFilter,
    default_sort="-notified_on",
    export_name="redundancies",
)
