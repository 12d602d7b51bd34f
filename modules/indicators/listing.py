import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clmis.records.filters import yes_no_filter
from clmis.records.listing import Column, Listing
from modules.indicators.models import Agency, Indicator, Release


class IndicatorFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Code or name"), method="search")
    dimension = django_filters.ChoiceFilter(
        label=_("Broken down by"),
        choices=Indicator.Dimension.choices,
        method="by_dimension",
        empty_label=_("Any"),
    )
    frequency = django_filters.ChoiceFilter(
        label=_("Periodicity"),
        choices=Indicator.Frequency.choices,
        method="by_frequency",
        empty_label=_("Any"),
    )
    topic = django_filters.ChoiceFilter(choices=Indicator.Topic.choices, empty_label=_("Any"))
    unit = django_filters.ChoiceFilter(choices=Indicator.Unit.choices, empty_label=_("Any"))
    agency = django_filters.ModelChoiceFilter(queryset=Agency.objects.all(), empty_label=_("Any agency"))
    harmonised = yes_no_filter(_("Harmonised"))
    computed = yes_no_filter(_("Computed from the case modules"), method="is_computed")
    active = yes_no_filter(_("In the package"))

    class Meta:
        model = Indicator
        fields = [
            "q",
            "topic",
            "dimension",
            "frequency",
            "unit",
            "agency",
            "harmonised",
            "computed",
            "active",
        ]

    def search(self, queryset, name, value: str):
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))

    def by_dimension(self, queryset, name, value: str):
        return queryset.filter(dimensions__contains=[value])

    def by_frequency(self, queryset, name, value: str):
        return queryset.filter(frequencies__contains=[value])

    def is_computed(self, queryset, name, value: bool):
        return queryset.exclude(computed_from=[]) if value else queryset.filter(computed_from=[])


def _dimensions(indicator: Indicator) -> str:
    labels = dict(Indicator.Dimension.choices)
    return ", ".join(str(labels.get(key, key)) for key in indicator.dimensions) or "—"


INDICATORS = Listing(
    title=_("Indicators"),
    columns=(
        Column("code", _("Code"), sort="code", link=True),
        Column("name", _("Name"), value="name_shown", sort="name"),
        Column("unit", _("Unit"), value="get_unit_display", sort="unit"),
        Column("dimensions", _("Broken down by"), value=_dimensions),
        Column("agency", _("Responsible agency"), value="agency", sort="agency__name"),
        Column("harmonised", _("Harmonised"), value=lambda i: _("yes") if i.harmonised else _("national")),
        Column("active", _("In the package"), value=lambda i: _("yes") if i.active else _("no")),
    ),
    filterset=IndicatorFilter,
    default_sort="code",
    export_name="indicators",
)


class AgencyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or acronym"), method="search")
    kind = django_filters.ChoiceFilter(choices=Agency.Kind.choices, empty_label=_("Any"))
    active = yes_no_filter(_("Active"))

    class Meta:
        model = Agency
        fields = ["q", "kind", "active"]

    def search(self, queryset, name, value: str):
        return queryset.filter(Q(name__icontains=value) | Q(acronym__icontains=value))


AGENCIES = Listing(
    title=_("Partner agencies"),
    columns=(
        Column("name", _("Name"), sort="name", link=True),
        Column("acronym", _("Acronym"), sort="acronym"),
        Column("kind", _("Kind"), value="get_kind_display", sort="kind"),
        Column("email", _("Contact e-mail")),
        Column("active", _("Active"), value=lambda a: _("yes") if a.active else _("no")),
    ),
    filterset=AgencyFilter,
    default_sort="name",
    export_name="agencies",
)


class ReleaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Indicator code"), field_name="indicator__code", lookup_expr="icontains"
    )
    after = django_filters.DateFilter(
        label=_("Planned from"),
        field_name="planned_on",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Release
        fields = ["q", "after"]


RELEASES = Listing(
    title=_("Release calendar"),
    columns=(
        Column("planned_on", _("Planned publication date"), sort="planned_on", link=True),
        Column("indicator", _("Indicator"), value=lambda r: r.indicator.code, sort="indicator__code"),
        Column("period", _("Period"), sort="period"),
        Column("note", _("Note")),
    ),
    filterset=ReleaseFilter,
    default_sort="planned_on",
    export_name="release-calendar",
)
