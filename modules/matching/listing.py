import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from clmis.records.listing import Column, Listing
from modules.casework.listing import CaseFilter, case_columns
from modules.matching.models import JobReferral
from modules.reference.choices import Sex

DATE = forms.DateInput(attrs={"type": "date"})


class ReferralFilter(CaseFilter):
    sex = django_filters.ChoiceFilter(
        label=_("Sex"), field_name="job_seeker__sex", choices=Sex.choices, empty_label=_("Any")
    )
    occupation = django_filters.CharFilter(
        label=_("Occupation (ISCO)"),
        method="in_occupation",
        help_text=_("A code or the start of one: 5120, 51 or 5."),
    )
    employer = django_filters.NumberFilter(label=_("Employer"), field_name="referred_to__employer_id")
    vacancy = django_filters.NumberFilter(label=_("Vacancy"), field_name="referred_to_id")
    job_seeker = django_filters.NumberFilter(label=_("Job seeker"), field_name="job_seeker_id")
    placed_after = django_filters.DateFilter(
        label=_("Placed from"), field_name="placed_on", lookup_expr="gte", widget=DATE
    )
    placed_before = django_filters.DateFilter(
        label=_("Placed until"), field_name="placed_on", lookup_expr="lte", widget=DATE
    )
    search_fields = (
        "job_seeker__reference",
        "job_seeker__first_name",
        "job_seeker__family_name",
        "referred_to__reference",
        "referred_to__title",
        "referred_to__employer__name",
    )

    class Meta:
        model = JobReferral
        fields = [
            "q",
            "status",
            "sex",
            "occupation",
            "assigned_to",
            "opened_after",
            "opened_before",
            "placed_after",
            "placed_before",
            "employer",
            "vacancy",
            "job_seeker",
        ]

    def in_occupation(self, queryset, name, value: str):
        return queryset.filter(referred_to__occupation__code__startswith=value.strip())


REFERRALS = Listing(
    title=_("Referrals and placements"),
    columns=(
        *case_columns(),
        Column("job_seeker", _("Job seeker"), value="job_seeker.full_name", sort="job_seeker__family_name"),
        Column("job_seeker_reference", _("Registration number"), value="job_seeker.reference"),
        Column("vacancy", _("Vacancy"), value="referred_to.reference", sort="referred_to__reference"),
        Column("job_title", _("Job title"), value="referred_to.title", sort="referred_to__title"),
        Column(
            "employer", _("Employer"), value="referred_to.employer.name", sort="referred_to__employer__name"
        ),
        Column("score", _("Score"), sort="score"),
        Column("interview_on", _("Interview"), sort="interview_on"),
        Column("placed_on", _("Placed on"), sort="placed_on"),
    ),
    filterset=ReferralFilter,
    default_sort="-opened_on",
    export_name="referrals",
)
