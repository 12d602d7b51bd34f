import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from clmis.records.filters import yes_no_filter
from clmis.records.listing import Column, Listing
from modules.casework.listing import CaseFilter, case_columns
from modules.reference.choices import Sex
from modules.work_permits.models import WorkPermit
from modules.work_permits.selectors import permits_expiring

DATE = forms.DateInput(attrs={"type": "date"})


class WorkPermitFilter(CaseFilter):
    citizenship = django_filters.CharFilter(
        label=_("Citizenship (country code)"), field_name="citizenship__code", lookup_expr="iexact"
    )
    occupation = django_filters.CharFilter(
        label=_("Occupation (ISCO code)"),
        field_name="occupation__code",
        lookup_expr="startswith",
        help_text=_("A major group (“5”), a sub-group (“51”) or a unit group (“5120”)."),
    )
    worker_sex = django_filters.ChoiceFilter(label=_("Sex"), choices=Sex.choices, empty_label=_("Any"))
    employer = django_filters.NumberFilter(label=_("Employer"), field_name="employer_id")
    renewal = yes_no_filter(_("Renewal"), method="is_renewal")
    decided_after = django_filters.DateFilter(
        label=_("Decided from"), field_name="decided_on", lookup_expr="gte", widget=DATE
    )
    decided_before = django_filters.DateFilter(
        label=_("Decided until"), field_name="decided_on", lookup_expr="lte", widget=DATE
    )
    # At most ten years ahead: further than any permit runs, and a date beyond the calendar's end fails.
    expiring_within = django_filters.NumberFilter(
        label=_("Expiring within (days)"), method="expiring", min_value=0, max_value=3650
    )
    search_fields = ("worker_name", "passport_number", "employer__name", "permit_number")

    class Meta:
        model = WorkPermit
        fields = [
            "q",
            "status",
            "citizenship",
            "occupation",
            "worker_sex",
            "employer",
            "renewal",
            "assigned_to",
            "overdue",
            "opened_after",
            "opened_before",
            "decided_after",
            "decided_before",
            "expiring_within",
        ]

    def is_renewal(self, queryset, name, value: bool):
        return queryset.filter(renewal_of__isnull=not value)

    def expiring(self, queryset, name, value):
        return permits_expiring(queryset, within_days=int(value))


WORK_PERMITS = Listing(
    title=_("Work permits"),
    columns=(
        *case_columns(),
        Column("worker_name", _("Worker"), sort="worker_name"),
        Column("worker_sex", _("Sex"), value="get_worker_sex_display"),
        Column("citizenship", _("Citizenship"), value="citizenship.title", sort="citizenship__title"),
        Column("employer", _("Employer"), value="employer.name", sort="employer__name"),
        Column("position", _("Position"), sort="position"),
        Column("renewal", _("Renewal"), value=lambda permit: _("renewal") if permit.is_renewal else ""),
        Column("permit_number", _("Permit number"), sort="permit_number"),
        Column("valid_until", _("Valid until"), sort="valid_until"),
    ),
    filterset=WorkPermitFilter,
    default_sort="-opened_on",
    export_name="work-permits",
)
