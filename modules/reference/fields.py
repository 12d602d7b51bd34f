"""A form field for a code of a classification, with a searchable picker and suggestions when wrong."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext as _

from modules.reference.models import Classification, Code
from modules.reference.selectors import code_lookup, codes_matching

SUGGESTIONS = 5


class CodePicker(forms.TextInput):
    """A text input that suggests codes as one types (reference/picker.js); works without JavaScript."""

    template_name = "reference/code_picker.html"

    def __init__(self, classification: str, level: int | None = None, attrs=None):
        self.classification, self.level = classification, level
        super().__init__(attrs={"autocomplete": "off", **(attrs or {})})

    class Media:
        js = ["reference/picker.js"]

    def format_value(self, value):
        return value.code if isinstance(value, Code) else super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        url = reverse("reference:search", kwargs={"key": self.classification})
        context["widget"]["attrs"]["data-codes-url"] = f"{url}?level={self.level}" if self.level else url
        context["widget"]["attrs"]["list"] = f"{context['widget']['attrs'].get('id', name)}-codes"
        current = (
            value if isinstance(value, Code) else code_lookup(self.classification, value) if value else None
        )
        context["widget"]["current_title"] = current.title if current else ""
        return context


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
    if not candidates and len(value) > 1:
        candidates = list(codes_matching(classification, value[:-1], level=level)[:SUGGESTIONS])
    table = Classification.objects.filter(key=classification).values_list("title", flat=True).first()
    message = _("%(value)s is not a code of %(table)s.") % {"value": value, "table": table or classification}
    if candidates:
        message += " " + _("Did you mean: %(codes)s?") % {
            "codes": "; ".join(str(code) for code in candidates)
        }
    return message
