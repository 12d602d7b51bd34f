import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clmis.records.filters import yes_no_filter
from clmis.records.listing import Column, Listing
from modules.reference.models import Code
from modules.unions.models import ISIC_SECTIONS, TradeUnion


class UnionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name, acronym or number"), method="search")
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"),
        field_name="sectors",
        queryset=Code.objects.filter(**ISIC_SECTIONS),
        to_field_name="code",
        empty_label=_("Any sector"),
    )
    district = django_filters.ModelChoiceFilter(
        label=_("District"),
        queryset=Code.objects.filter(classification__key="district", active=True),
        to_field_name="code",
        empty_label=_("Any district"),
    )
    active = yes_no_filter(_("Active"))

    class Meta:
        model = TradeUnion
        fields = ["q", "sector", "district", "active"]

    def search(self, queryset, name: str, value: str):
        return queryset.filter(
            Q(name__icontains=value) | Q(acronym__iexact=value) | Q(registration_number__iexact=value)
        )


def sector_codes(union: TradeUnion) -> str:
    return ", ".join(code.code for code in union.sectors.all())


UNIONS = Listing(
    title=_("Trade unions"),
    columns=(
        Column("name", _("Name"), sort="name"),
        Column("acronym", _("Acronym"), sort="acronym"),
        Column("registration_number", _("Registration number"), sort="registration_number"),
        Column("registered_on", _("Registered on"), sort="registered_on"),
        Column("sectors", _("Sectors (ISIC sections)"), value=sector_codes),
        Column("members_women", _("Women members"), sort="members_women"),
        Column("members_men", _("Men members"), sort="members_men"),
        Column("members_total", _("Members in total"), sort="total_members"),
        Column("membership_as_of", _("Membership as of")),
        Column("district", _("District"), value="district.title", sort="district__title"),
        Column("active", _("Active"), value=lambda u: _("yes") if u.active else _("no"), sort="active"),
    ),
    filterset=UnionFilter,
    default_sort="name",
    export_name="trade-unions",
)
