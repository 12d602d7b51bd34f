import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from clmis.records.listing import Column, Listing
from modules.monitoring.models import Activity, ActivityStatus, Part
from modules.reference.models import Code
from modules.reports.periods import period_parse


def _valid_period(text: str) -> None:
    period_parse(text)  # raises ValidationError with the forms people may write


class ActivityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Subject, place or partner"), method="search")
    period = django_filters.CharFilter(
        label=_("Period (2026, 2026-Q2 or 2026-06)"), method="in_period", validators=[_valid_period]
    )
    activity_type = django_filters.ModelChoiceFilter(
        label=_("Type of activity"),
        queryset=Code.objects.filter(classification__key="department_activity").order_by("pk"),
        to_field_name="code",
        empty_label=_("Any type"),
    )
    district = django_filters.ModelChoiceFilter(
        label=_("District"),
        queryset=Code.objects.filter(classification__key="district", active=True),
        to_field_name="code",
        empty_label=_("Any district"),
    )
    part = django_filters.ChoiceFilter(
        label=_("The Department's part"), choices=Part.choices, empty_label=_("Any")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ActivityStatus.choices, empty_label=_("Any status")
    )

    class Meta:
        model = Activity
        fields = ["q", "period", "activity_type", "district", "part", "status"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Q(title__icontains=value) | Q(place__icontains=value) | Q(partner__icontains=value)
        )

    def in_period(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        try:
            period = period_parse(value)
        except ValidationError:
            return queryset.none()
        return queryset.filter(month__range=period.bounds)


def _month(activity: Activity) -> str:
    # As text: a spreadsheet would show the first day of the month as if it were the date.
    return f"{activity.month:%Y-%m}"


ACTIVITIES = Listing(
    title=_("Department activities"),
    columns=(
        Column("title", _("Subject"), sort="title"),
        Column("activity_type", _("Type of activity"), value="activity_type.title", sort="activity_type__pk"),
        Column("month", _("Month"), value=_month, sort="month"),
        Column("held_on", _("Date"), sort="held_on"),
        Column("district", _("District"), value="district.title", sort="district__title"),
        Column("part", _("The Department's part"), value="get_part_display"),
        Column("sessions", _("Sessions"), sort="sessions"),
        Column("participants_women", _("Women participants"), sort="participants_women"),
        Column("participants_men", _("Men participants"), sort="participants_men"),
        Column("participants_total", _("Participants in total"), sort="total_participants"),
        Column("staff_involved", _("Staff involved"), sort="staff_involved"),
        Column("status", _("Status"), value="get_status_display", sort="status"),
        Column("recorded_by", _("Recorded by")),
    ),
    filterset=ActivityFilter,
    default_sort="-month",
    export_name="department-activities",
)
