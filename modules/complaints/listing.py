import django_filters
from django.utils.translation import gettext_lazy as _

from clmis.records.listing import Column, Listing
from modules.casework.listing import CaseFilter, case_columns
from modules.complaints.models import Complaint, Outcome
from modules.reference.choices import Sex
from modules.reference.models import Code


class ComplaintFilter(CaseFilter):
    category = django_filters.ModelChoiceFilter(
        label=_("Category"),
        queryset=Code.objects.filter(classification__key="complaint_category", active=True),
        to_field_name="code",
        empty_label=_("Any category"),
    )
    complainant_sex = django_filters.ChoiceFilter(label=_("Sex"), choices=Sex.choices, empty_label=_("Any"))
    outcome = django_filters.ChoiceFilter(label=_("Outcome"), choices=Outcome.choices, empty_label=_("Any"))
    employer = django_filters.NumberFilter(label=_("Employer"), field_name="employer_id")
    search_fields = ("complainant_name", "employer__name")

    class Meta:
        model = Complaint
        fields = [
            "q",
            "status",
            "category",
            "complainant_sex",
            "outcome",
            "assigned_to",
            "overdue",
            "opened_after",
            "opened_before",
            "employer",
        ]


COMPLAINTS = Listing(
    title=_("Complaints"),
    columns=(
        *case_columns(),
        Column("complainant_name", _("Complainant"), sort="complainant_name"),
        Column("complainant_sex", _("Sex"), value="get_complainant_sex_display"),
        Column("employer", _("Employer"), value="employer.name", sort="employer__name"),
        Column("category", _("Category"), value="category.title", sort="category__title"),
        Column("amount_claimed", _("Amount claimed"), sort="amount_claimed"),
        Column("amount_recovered", _("Amount recovered"), sort="amount_recovered"),
        Column("outcome", _("Outcome"), value="get_outcome_display"),
    ),
    filterset=ComplaintFilter,
    default_sort="-opened_on",
    export_name="complaints",
)
