import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from clmis.records.listing import Column, Listing
from modules.reference.models import Code
from modules.reports.periods import period_parse
from modules.vacancy_surveys.models import RoundStatus, SurveyResponse, SurveyRound
from modules.vacancy_surveys.selectors import response_rate_of


def _valid_period(text: str) -> None:
    period_parse(text)  # raises ValidationError with the forms people may write


class RoundFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Title"), field_name="title", lookup_expr="icontains")
    period = django_filters.CharFilter(
        label=_("Reference date in (2026, 2026-Q2 or 2026-06)"),
        method="in_period",
        validators=[_valid_period],
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=RoundStatus.choices, empty_label=_("Any status")
    )

    class Meta:
        model = SurveyRound
        fields = ["q", "period", "status"]

    def in_period(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        try:
            period = period_parse(value)
        except ValidationError:
            return queryset.none()
        return queryset.filter(reference_date__range=period.bounds)


class ResponseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Employer or respondent"), method="search")
    section = django_filters.ModelChoiceFilter(
        label=_("Economic activity"),
        queryset=Code.objects.filter(classification__key="isic4", level=1),
        method="in_section",
        to_field_name="code",
        empty_label=_("Any activity"),
    )
    district = django_filters.ModelChoiceFilter(
        label=_("District"),
        field_name="employer__district",
        queryset=Code.objects.filter(classification__key="district", active=True),
        to_field_name="code",
        empty_label=_("Any district"),
    )

    class Meta:
        model = SurveyResponse
        fields = ["q", "section", "district"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(employer__name__icontains=value) | Q(respondent_name__icontains=value))

    def in_section(self, queryset: QuerySet, name: str, value: Code) -> QuerySet:
        return queryset.filter(employer__isic__path__startswith=f"{value.code}/")


ROUNDS = Listing(
    title=_("Limited vacancy surveys"),
    columns=(
        Column("title", _("Title"), sort="title"),
        Column("reference_date", _("Reference date"), sort="reference_date"),
        Column("opens_on", _("Responses from"), sort="opens_on"),
        Column("closes_on", _("Responses until"), sort="closes_on"),
        Column("status", _("Status"), value="get_status_display", sort="status"),
        Column("sample_size", _("Employers asked"), sort="sample_size"),
        Column("responded", _("Employers responded"), sort="responded"),
        Column("response_rate", _("Response rate (%)"), value=lambda r: response_rate_of(r).percent),
    ),
    filterset=RoundFilter,
    default_sort="-reference_date",
    export_name="vacancy-survey-rounds",
)

EMPLOYER_COLUMNS = (
    Column("employer", _("Employer"), value="employer.name", sort="employer__name"),
    Column("registration_number", _("Registration number"), value="employer.registration_number"),
    Column(
        "isic",
        _("Economic activity (ISIC)"),
        value=lambda r: str(r.employer.isic) if r.employer.isic else None,
        sort="employer__isic__path",
    ),
    Column("district", _("District"), value="employer.district.title", sort="employer__district__title"),
    Column("responded_on", _("Responded on"), sort="responded_on"),
    Column("respondent_name", _("Respondent"), sort="respondent_name"),
)

RESPONSES = Listing(
    title=_("Responses"),
    columns=(
        *EMPLOYER_COLUMNS,
        Column(
            "total_vacancies", _("Vacancies"), value=lambda r: r.total_vacancies or 0, sort="total_vacancies"
        ),
        Column(
            "total_hard_to_fill",
            _("Hard to fill"),
            value=lambda r: r.total_hard_to_fill or 0,
            sort="total_hard_to_fill",
        ),
        Column("occupations", _("Occupations"), sort="occupations"),
    ),
    filterset=ResponseFilter,
    default_sort="employer__name",
    export_name="vacancy-survey-responses",
)

# The export of a round's responses: a row per line, and one with empty line cells for a response
# without vacancies (it counts as a response all the same).
RESPONSE_LINES = Listing(
    title=_("Responses and their lines"),
    columns=(
        *EMPLOYER_COLUMNS,
        Column("line_occupation", _("Occupation (ISCO)"), sort="line_occupation"),
        Column("line_occupation_title", _("Occupation")),
        Column("line_vacancies", _("Vacancies")),
        Column("line_hard_to_fill", _("Hard to fill")),
        Column("line_expected", _("Expected in the next 12 months")),
    ),
    filterset=ResponseFilter,
    default_sort="employer__name",
    export_name="vacancy-survey-responses",
)
