"""Forms of the code-table pages: they collect text; the services decide what is a valid table or code."""

from django import forms
from django.utils.translation import gettext_lazy as _

from modules.reference.fields import CodePicker
from modules.reference.models import Classification, Code
from modules.reference.services import code_text_check, table_key_check


class CodeSearchForm(forms.Form):
    q = forms.CharField(label=_("Code or words"), required=False)
    level = forms.TypedChoiceField(label=_("Level"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, levels: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [
            ("", _("Every level")),
            *((level, _("Level %(level)s") % {"level": level}) for level in levels),
        ]


class NationalTableForm(forms.Form):
    key = forms.SlugField(
        label=_("Key"),
        max_length=40,
        help_text=_("Short and unique, letters, digits and hyphens, such as districts. It cannot change."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    maps_to = forms.ChoiceField(
        label=_("Maps to"),
        required=False,
        help_text=_("The international classification its codes correspond to, if any (such as ISCO-08)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["maps_to"].choices = [
            ("", _("No mapping")),
            *Classification.objects.order_by("title").values_list("key", "title"),
        ]

    def clean_key(self) -> str:
        return table_key_check(self.cleaned_data["key"])


class NationalCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("Letters and digits, and . - _ inside; no spaces or slashes."),
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    parent = forms.CharField(
        label=_("Parent"),
        max_length=32,
        required=False,
        help_text=_("The code of this table it belongs under; empty for a code at the top."),
    )
    harmonised_code = forms.CharField(label=_("Harmonised code"), max_length=32, required=False)
    active = forms.BooleanField(
        label=_("In use"),
        required=False,
        initial=True,
        help_text=_("Codes no longer in use stay in records."),
    )

    def __init__(self, *args, table: Classification, instance: Code | None = None, **kwargs):
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "code": instance.code,
                    "title": instance.title,
                    "parent": instance.parent.code if instance.parent_id else "",
                    "harmonised_code": instance.harmonised_code,
                    "active": instance.active,
                },
            )
        super().__init__(*args, **kwargs)
        self.table = table
        self.fields["parent"].widget = CodePicker(table.key)
        if table.maps_to:
            target = Classification.objects.filter(key=table.maps_to).first()
            self.fields["harmonised_code"].widget = CodePicker(table.maps_to)
            self.fields["harmonised_code"].help_text = _(
                "The code of %(table)s this code corresponds to."
            ) % {"table": target or table.maps_to}
        else:
            del self.fields["harmonised_code"]

    def clean_code(self) -> str:
        return code_text_check(self.cleaned_data["code"])

    def service_arguments(self) -> dict:
        """What national_code_save expects, from the cleaned data."""
        data = self.cleaned_data
        return {
            "code": data["code"],
            "title": data["title"],
            "parent": data["parent"].strip().split(" ", 1)[0],
            "harmonised_code": data.get("harmonised_code", "").strip().split(" ", 1)[0],
            "active": data["active"],
        }
