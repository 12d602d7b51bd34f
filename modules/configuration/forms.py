from django import forms
from django.utils.translation import gettext_lazy as _

from modules.configuration.services import section_choices

MAX_BYTES = 5 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Configuration file"),
        help_text=_("A .json file exported from a country on this platform release (at most 5 MB)."),
    )
    sections = forms.MultipleChoiceField(
        label=_("Parts to import"),
        choices=section_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave out what should stay as it is here, such as the branding of another country."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"sections": [key for key, _title in section_choices()]})
        super().__init__(*args, **kwargs)

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return file


class ApplyForm(forms.Form):
    """The previewed file, sent back to be applied, with the checksum of what was previewed."""

    document = forms.CharField(widget=forms.HiddenInput)
    checksum = forms.CharField(widget=forms.HiddenInput)
    sections = forms.MultipleChoiceField(choices=section_choices, widget=forms.MultipleHiddenInput)
