import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clmis.records.listing import Column, Listing
from clmis_training.models import ISIC_SECTIONS, TrainingProgramme
from modules.reference.models import Code


class ProgrammeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Title or provider"), method="search")
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"),
        queryset=Code.objects.filter(**ISIC_SECTIONS),
        to_field_name="code",
        empty_label=_("Any sector"),
    )
    occupation = django_filters.CharFilter(
        label=_("Occupation (ISCO code)"), field_name="occupation__code", lookup_expr="startswith"
    )
    running_on = django_filters.DateFilter(label=_("Running on"), method="running")

    class Meta:
        model = TrainingProgramme
        fields = ["q", "sector", "occupation", "running_on"]

    def search(self, queryset, name: str, value: str):
        return queryset.filter(Q(title__icontains=value) | Q(provider__icontains=value))

    def running(self, queryset, name: str, value):
        return queryset.filter(starts_on__lte=value, ends_on__gte=value)


PROGRAMMES = Listing(
    title=_("Training programmes"),
    columns=(
        Column("title", _("Title"), sort="title"),
        Column("provider", _("Training provider"), sort="provider"),
        Column("occupation", _("Occupation (ISCO)"), value="occupation.code", sort="occupation__code"),
        Column("sector", _("Sector (ISIC section)"), value="sector.code", sort="sector__code"),
        Column("starts_on", _("Starts on"), sort="starts_on"),
        Column("ends_on", _("Ends on"), sort="ends_on"),
        Column("places", _("Places"), sort="places"),
        Column("places_taken", _("Places taken"), sort="places_taken"),
    ),
    filterset=ProgrammeFilter,
    default_sort="-starts_on",
    export_name="training-programmes",
)
