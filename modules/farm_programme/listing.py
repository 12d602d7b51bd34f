import django_filters
from django.utils.translation import gettext_lazy as _

from clmis.records.listing import Column, Listing
from modules.casework.listing import CaseFilter, case_columns
from modules.farm_programme.models import FarmWorker, RecruitmentRound, RoundStatus
from modules.reference.choices import Sex
from modules.reference.models import Code


class FarmWorkerFilter(CaseFilter):
    round = django_filters.ModelChoiceFilter(
        label=_("Recruitment round"), queryset=RecruitmentRound.objects.all(), empty_label=_("Any round")
    )
    sex = django_filters.ChoiceFilter(label=_("Sex"), choices=Sex.choices, empty_label=_("Any"))
    district = django_filters.ModelChoiceFilter(
        label=_("District"),
        queryset=Code.objects.filter(classification__key="district", active=True),
        to_field_name="code",
        empty_label=_("Any district"),
    )
    destination = django_filters.CharFilter(
        label=_("Destination (country code)"), field_name="round__destination__code", lookup_expr="iexact"
    )
    search_fields = ("name", "nis_number")

    class Meta:
        model = FarmWorker
        fields = [
            "q",
            "round",
            "status",
            "sex",
            "district",
            "destination",
            "assigned_to",
            "overdue",
            "opened_after",
            "opened_before",
        ]


FARM_WORKERS = Listing(
    title=_("Farm programme workers"),
    columns=(
        *case_columns(),
        Column("name", _("Name"), sort="name"),
        Column("sex", _("Sex"), value="get_sex_display"),
        Column("district", _("District"), value="district.title", sort="district__title"),
        Column("round", _("Round"), value=lambda worker: str(worker.round), sort="round__season"),
        Column("destination", _("Destination"), value="round.destination.title"),
        Column("departed_on", _("Departed"), sort="departed_on"),
        Column("returned_on", _("Returned"), sort="returned_on"),
    ),
    filterset=FarmWorkerFilter,
    default_sort="-opened_on",
    export_name="farm-workers",
)


class RoundFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Programme"), field_name="programme", lookup_expr="icontains")
    season = django_filters.NumberFilter(label=_("Season"))
    destination = django_filters.CharFilter(
        label=_("Destination (country code)"), field_name="destination__code", lookup_expr="iexact"
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=RoundStatus.choices, empty_label=_("Any status")
    )

    class Meta:
        model = RecruitmentRound
        fields = ["q", "season", "destination", "status"]


ROUNDS = Listing(
    title=_("Recruitment rounds"),
    columns=(
        Column("season", _("Season"), sort="season"),
        Column("programme", _("Programme or employer abroad"), sort="programme"),
        Column("destination", _("Destination"), value="destination.title", sort="destination__title"),
        Column("opens_on", _("Applications open"), sort="opens_on"),
        Column("closes_on", _("Applications close"), sort="closes_on"),
        Column("places", _("Places"), sort="places"),
        Column("status", _("Status"), value="get_status_display", sort="status"),
    ),
    filterset=RoundFilter,
    default_sort="-season",
    export_name="recruitment-rounds",
)
