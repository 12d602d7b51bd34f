import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clmis.records.filters import yes_no_filter
from clmis.records.listing import Column, Listing
from modules.casework.listing import CaseFilter, case_columns
from modules.job_seekers.forms import codes_of, education_levels
from modules.job_seekers.models import JobSeeker, age_on, years_before
from modules.job_seekers.selectors import job_seekers_lapsing
from modules.reference.choices import Sex
from modules.reports.dimensions import AGE_BANDS

DATE = forms.DateInput(attrs={"type": "date"})


class JobSeekerFilter(CaseFilter):
    q = django_filters.CharFilter(label=_("Registration number, name or NIS number"), method="search")
    sex = django_filters.ChoiceFilter(label=_("Sex"), choices=Sex.choices, empty_label=_("Any"))
    occupation = django_filters.CharFilter(
        label=_("Occupation sought (ISCO code)"),
        method="seeking",
        help_text=_("A unit group (5120) or a group above it (51, or 5 for a major group)."),
    )
    district = django_filters.ModelChoiceFilter(
        label=_("District"),
        queryset=codes_of("district"),
        to_field_name="code",
        empty_label=_("Any district"),
    )
    education_level = django_filters.ModelChoiceFilter(
        label=_("Education"), queryset=education_levels(), to_field_name="code", empty_label=_("Any level")
    )
    age = django_filters.ChoiceFilter(
        label=_("Age"),
        choices=[(code, band) for code, band, _first, _last in AGE_BANDS],
        empty_label=_("Any age"),
        method="aged",
    )
    born_after = django_filters.DateFilter(
        label=_("Born from"), field_name="birth_date", lookup_expr="gte", widget=DATE
    )
    born_before = django_filters.DateFilter(
        label=_("Born until"), field_name="birth_date", lookup_expr="lte", widget=DATE
    )
    willing_to_work_abroad = yes_no_filter(_("Willing to work abroad"))
    lapsing = yes_no_filter(_("Lapsing within 30 days"), method="is_lapsing")
    # A job seeker has no due date: "overdue" is about lapsing here.
    overdue = None

    class Meta:
        model = JobSeeker
        fields = [
            "q",
            "status",
            "sex",
            "occupation",
            "district",
            "education_level",
            "age",
            "born_after",
            "born_before",
            "willing_to_work_abroad",
            "opened_after",
            "opened_before",
            "lapsing",
            "assigned_to",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["opened_after"].label = _("Registered from")
        self.filters["opened_before"].label = _("Registered until")

    def search(self, queryset, name, value: str):
        """Every word in the registration number, a name or the NIS number: "Cavel Mills" finds her."""
        lookups = self.searched(("reference", "first_name", "family_name", "nis_number"))
        for word in value.split():
            query = Q()
            for lookup in lookups:
                query |= Q(**{f"{lookup}__icontains": word})
            queryset = queryset.filter(query)
        return queryset

    def seeking(self, queryset, name, value: str):
        through = JobSeeker.occupations.through.objects.filter(code__code__startswith=value.strip())
        return queryset.filter(pk__in=through.values("jobseeker_id"))

    def aged(self, queryset, name, value: str):
        first, last = next((first, last) for code, _band, first, last in AGE_BANDS if code == value)
        today = timezone.localdate()
        if first is not None:
            queryset = queryset.filter(birth_date__lte=years_before(today, first))
        if last is not None:
            queryset = queryset.filter(birth_date__gt=years_before(today, last + 1))
        return queryset

    def is_lapsing(self, queryset, name, value: bool):
        lapsing = job_seekers_lapsing(today=timezone.localdate())
        return queryset.filter(lapsing) if value else queryset.exclude(lapsing)


JOB_SEEKERS = Listing(
    title=_("Job seekers"),
    columns=(
        *case_columns()[:2],
        Column("family_name", _("Family name"), sort="family_name"),
        Column("first_name", _("First name"), sort="first_name"),
        Column("sex", _("Sex"), value="get_sex_display"),
        Column("birth_date", _("Date of birth"), sort="birth_date"),
        Column(
            "age",
            _("Age"),
            value=lambda job_seeker: (
                age_on(job_seeker.birth_date, timezone.localdate()) if job_seeker.birth_date else None
            ),
        ),
        Column(
            "first_occupation",
            _("Occupation sought"),
            value="first_occupation",
            sort="first_occupation__code",
        ),
        Column("district", _("District"), value="district.title", sort="district__title"),
        Column("education_level", _("Education"), value="education_level.title"),
        Column("opened_on", _("Registered"), sort="opened_on"),
        Column("renewed_on", _("Renewed"), sort="renewed_on"),
        Column("experience_months", _("Months of experience"), sort="experience_months"),
    ),
    filterset=JobSeekerFilter,
    default_sort="-opened_on",
    export_name="job-seekers",
)
