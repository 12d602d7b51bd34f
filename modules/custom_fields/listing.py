import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clmis.records.filters import yes_no_filter
from clmis.records.listing import Column, Listing
from modules.custom_fields.models import CustomField
from modules.custom_fields.records import record_types


class CustomFieldFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Key or label"), method="search")
    record = django_filters.ChoiceFilter(label=_("Kind of record"), empty_label=_("Any"))
    kind = django_filters.ChoiceFilter(choices=CustomField.Kind.choices, empty_label=_("Any"))
    active = yes_no_filter(_("In use"))

    class Meta:
        model = CustomField
        fields = ["q", "record", "kind", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["record"].extra["choices"] = [(found.label, found.title) for found in record_types()]

    def search(self, queryset, name, value: str):
        return queryset.filter(Q(key__icontains=value) | Q(label__icontains=value))


CUSTOM_FIELD_LISTING = Listing(
    title=_("Custom fields"),
    columns=(
        Column("label", _("Label"), sort="label", link=True),
        Column("record", _("Kind of record"), value="record_title", sort="record"),
        Column("key", _("Key"), sort="key"),
        Column("kind", _("Kind"), value="get_kind_display", sort="kind"),
        Column("required", _("Required"), value=lambda field: _("yes") if field.required else ""),
        Column("position", pgettext_lazy("place in an order", "Position"), sort="position"),
        Column("active", _("In use"), value=lambda field: _("yes") if field.active else _("no")),
    ),
    filterset=CustomFieldFilter,
    default_sort="record",
    export_name="custom-fields",
)
