"""A form field for a code of a classification, with a searchable picker and suggestions when wrong."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext as _

from modules.reference.models import Classification, Code
from modules.reference.selectors import code_lookup, codes_matching

SUGGESTIONS = 5


class SearchPicker(forms.TextInput):
    """A text input that suggests values from a search URL as one types (reference/picker.js).

    The URL answers {"results": [{"code", "title"}]}; the input holds the code and shows the current
    value's title beside it. Without JavaScript the field still takes a code typed in full.
    """

    template_name = "reference/code_picker.html"

    def __init__(self, attrs=None):
        super().__init__(attrs={"autocomplete": "off", **(attrs or {})})

    class Media:
        js = ["reference/picker.js"]

    def search_url(self) -> str:
        raise NotImplementedError

    def describe(self, value) -> str:
        """The title of the value shown beside the input ("" for none)."""
        raise NotImplementedError

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-codes-url"] = self.search_url()
        context["widget"]["attrs"]["list"] = f"{context['widget']['attrs'].get('id', name)}-codes"
        context["widget"]["current_title"] = self.describe(value) if value else ""
        return context


class CodePicker(SearchPicker):
    def __init__(self, classification: str, level: int | None = None, attrs=None):
        self.classification, self.level = classification, level
        super().__init__(attrs)

    def format_value(self, value):
        return value.code if isinstance(value, Code) else super().format_value(value)

    def search_url(self) -> str:
        url = reverse("reference:search", kwargs={"key": self.classification})
        return f"{url}?level={self.level}" if self.level else url

    def describe(self, value) -> str:
        current = value if isinstance(value, Code) else code_lookup(self.classification, str(value))
        return current.title if current else ""


class CodeField(forms.Field):
    """Accepts a code of the classification (at the level given, if any) and returns the Code."""

    def __init__(self, classification: str, *, level: int | None = None, **kwargs):
        self.classification, self.level = classification, level
        kwargs.setdefault("widget", CodePicker(classification, level))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        # A model form's initial value for a foreign key is the id, not the Code.
        if isinstance(value, int):
            value = Code.objects.filter(pk=value).first()
        return value.code if isinstance(value, Code) else value

    def to_python(self, value) -> Code | None:
        if isinstance(value, Code) or value in self.empty_values:
            return value or None
        text = str(value).strip().split(" ", 1)[0]
        code = code_lookup(self.classification, text)
        if code is not None and (self.level is None or code.level == self.level) and code.active:
            return code
        raise forms.ValidationError(unknown_code_message(self.classification, str(value), self.level))


def unknown_code_message(classification: str, value: str, level: int | None = None) -> str:
    """'No code X in ISCO-08. Did you mean: ...?' with the closest codes by code or by words."""
    value = value.strip()
    candidates = list(codes_matching(classification, value, level=level)[:SUGGESTIONS])
    # Nothing for the whole text: the codes under ever shorter prefixes ("9999" -> codes under 9).
    prefix = value
    while not candidates and len(prefix) > 1:
        prefix = prefix[:-1]
        candidates = list(codes_matching(classification, prefix, level=level)[:SUGGESTIONS])
    table = Classification.objects.filter(key=classification).values_list("title", flat=True).first()
    message = _("%(value)s is not a code of %(table)s.") % {"value": value, "table": table or classification}
    if candidates:
        message += " " + _("Did you mean: %(codes)s?") % {
            "codes": "; ".join(str(code) for code in candidates)
        }
    return message
