import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clmis.records.filters import yes_no_filter
from clmis.records.listing import Column, Listing
from modules.employers.models import Employer, SizeBand
from modules.reference.models import Code


class EmployerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or number"), method="search")
    section = django_filters.ModelChoiceFilter(
        label=_("Economic activity"),
        queryset=Code.objects.filter(classification__key="isic4", level=1),
        method="in_section",
        to_field_name="code",
        empty_label=_("Any activity"),
    )
    size_band = django_filters.ChoiceFilter(
        label=_("Size"), choices=SizeBand.choices, empty_label=_("Any size")
    )
    district = django_filters.ModelChoiceFilter(
        label=_("District"),
        queryset=Code.objects.filter(classification__key="district", active=True),
        to_field_name="code",
        empty_label=_("Any district"),
    )
    active = yes_no_filter(_("In business"))

    class Meta:
        model = Employer
        fields = ["q", "section", "size_band", "district", "active"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(registration_number__iexact=value) | Q(nis_number__iexact=value)
        )

    def in_section(self, queryset, name, value: Code):
        return queryset.filter(isic__path__startswith=f"{value.code}/")


EMPLOYERS = Listing(
    title=_("Employers"),
    columns=(
        Column("name", _("Name"), sort="name"),
        Column("registration_number", _("Registration number"), sort="registration_number"),
        Column("nis_number", _("National insurance number")),
        Column(
            "isic",
            _("Economic activity (ISIC)"),
            value=lambda e: str(e.isic) if e.isic else None,
            sort="isic__path",
        ),
        Column("size_band", _("Size"), value="get_size_band_display", sort="size_band"),
        Column("district", _("District"), value="district.title", sort="district__title"),
        Column("active", _("In business"), value=lambda e: _("yes") if e.active else _("no"), sort="active"),
    ),
    filterset=EmployerFilter,
    default_sort="name",
    export_name="employers",
)
