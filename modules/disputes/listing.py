import django_filters
from django.utils.translation import gettext_lazy as _

from clmis.records.listing import Column, Listing
from modules.casework.listing import CaseFilter, case_columns
from modules.disputes.models import ISSUES, Dispute, Outcome
from modules.reference.models import Code
from modules.unions.models import TradeUnion


class DisputeFilter(CaseFilter):
    issue = django_filters.ModelChoiceFilter(
        label=_("Issue"),
        field_name="issues",
        queryset=Code.objects.filter(active=True, **ISSUES),
        to_field_name="code",
        empty_label=_("Any issue"),
    )
    outcome = django_filters.ChoiceFilter(label=_("Outcome"), choices=Outcome.choices, empty_label=_("Any"))
    union = django_filters.ModelChoiceFilter(
        label=_("Trade union"), queryset=TradeUnion.objects.order_by("name"), empty_label=_("Any union")
    )
    employer = django_filters.NumberFilter(label=_("Employer"), field_name="employer_id")
    search_fields = ("employer__name", "union__name", "union__acronym", "workers_description")

    class Meta:
        model = Dispute
        fields = [
            "q",
            "status",
            "issue",
            "outcome",
            "union",
            "assigned_to",
            "overdue",
            "opened_after",
            "opened_before",
            "employer",
        ]


DISPUTES = Listing(
    title=_("Labour disputes"),
    columns=(
        *case_columns(),
        Column("reported_on", _("Reported"), sort="reported_on"),
        Column("employer", _("Employer"), value="employer.name", sort="employer__name"),
        Column("workers_side", _("Union or workers"), sort="union__name"),
        Column("issue_codes", _("Issues")),
        Column("workers_involved", _("Workers involved"), sort="workers_involved"),
        Column("next_meeting_on", _("Next meeting"), sort="next_meeting_on"),
        Column("outcome", _("Outcome"), value="get_outcome_display"),
    ),
    filterset=DisputeFilter,
    default_sort="-opened_on",
    export_name="disputes",
)
