import django_filters
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clmis.records.listing import Column, Listing
from modules.labels.models import Label


class LabelFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Field, menu entry or words"), method="search")
    language = django_filters.ChoiceFilter(choices=settings.LANGUAGES, empty_label=_("Any"))

    class Meta:
        model = Label
        fields = ["q", "language"]

    def search(self, queryset, name, value: str):
        return queryset.filter(Q(target__icontains=value) | Q(text__icontains=value))


LABEL_LISTING = Listing(
    title=_("Labels"),
    columns=(
        Column("target", _("Field or menu entry"), sort="target"),
        Column("language", _("Language"), value="get_language_display", sort="language"),
        Column("text", _("Label"), sort="text"),
        Column("help_text", _("Help text")),
    ),
    filterset=LabelFilter,
    default_sort="target",
    export_name="labels",
)
