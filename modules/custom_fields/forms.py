from django import forms
from django.db import connection
from django.utils.translation import gettext_lazy as _

from clmis.records.forms import VersionedModelForm
from modules.custom_fields.models import CustomField
from modules.custom_fields.records import record_types
from modules.reference.models import Classification


class CustomFieldForm(VersionedModelForm):
    """A custom field's definition; the kind of record and the key are chosen once, when adding it."""

    record = forms.ChoiceField(label=_("Kind of record"))

    class Meta:
        model = CustomField
        fields = [
            "record",
            "key",
            "label",
            "help_text",
            "kind",
            "table",
            "required",
            "in_list",
            "filter",
            "position",
            "active",
        ]
        help_texts = {
            "key": _(
                "The field's name in the API and in exports: lower-case letters, digits and _, e.g. "
                "shop_steward. It cannot be changed later."
            ),
            "label": _("What people read beside the field, in the country's language."),
            "table": _("For a choice only: the national code table whose codes are offered."),
            "required": _("Records cannot be saved without a value."),
            "position": _("Fields are shown in the order of their positions."),
            "active": _("A field out of use is no longer shown; the values recorded with it are kept."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A field of a module since disabled keeps showing what it belongs to.
        if self.instance.pk is None:
            found = record_types(connection.tenant.module_enablements.values_list("module", flat=True))
        else:
            found = record_types()
            for name in ("record", "key"):
                self.fields[name].disabled = True
        self.fields["record"].choices = [("", "—"), *((each.label, each.title) for each in found)]
        self.fields["table"].queryset = Classification.objects.filter(kind=Classification.Kind.NATIONAL)
