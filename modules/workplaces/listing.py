import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from clmis.records.filters import yes_no_filter
from clmis.records.listing import Column, Listing
from modules.reference.models import Code
from modules.workplaces.models import Workplace


class WorkplaceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Workplace, employer or town"), method="search")
    section = django_filters.ModelChoiceFilter(
        label=_("Economic activity"),
        queryset=Code.objects.filter(classification__key="isic4", level=1),
        method="in_section",
        to_field_name="code",
        empty_label=_("Any activity"),
    )
    district = django_filters.ModelChoiceFilter(
        label=_("District"),
        queryset=Code.objects.filter(classification__key="district", active=True),
        to_field_name="code",
        empty_label=_("Any district"),
    )
    active = yes_no_filter(_("In operation"))

    class Meta:
        model = Workplace
        fields = ["q", "section", "district", "active"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Q(name__icontains=value) | Q(employer__name__icontains=value) | Q(city__icontains=value)
        )

    def in_section(self, queryset: QuerySet, name: str, value: Code) -> QuerySet:
        return queryset.filter(isic__path__startswith=f"{value.code}/")


class WorkplaceApiFilter(WorkplaceFilter):
    """The list's filters, and the workplaces of one employer (`employer=<id>`) for API clients."""

    employer = django_filters.NumberFilter(label=_("Employer (id)"), field_name="employer_id")

    class Meta(WorkplaceFilter.Meta):
        fields = [*WorkplaceFilter.Meta.fields, "employer"]


WORKPLACES = Listing(
    title=_("Workplaces"),
    columns=(
        Column("name", _("Workplace"), sort="name"),
        Column("employer", _("Employer"), value="employer.name", sort="employer__name"),
        Column(
            "isic",
            _("Economic activity (ISIC)"),
            value=lambda w: str(w.isic) if w.isic else None,
            sort="isic__path",
        ),
        Column("city", _("Town or village"), sort="city"),
        Column("district", _("District"), value="district.title", sort="district__title"),
        Column("workers_women", _("Women workers"), sort="workers_women"),
        Column("workers_men", _("Men workers"), sort="workers_men"),
        Column("workers_total", _("Workers in total"), sort="total_workers"),
        Column("workers_as_of", _("Workers as of")),
        Column("active", _("In operation"), value=lambda w: _("yes") if w.active else _("no"), sort="active"),
    ),
    filterset=WorkplaceFilter,
    default_sort="employer__name",
    export_name="workplaces",
)
