from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from clmis.records.forms import VersionedModelForm
from modules.country_settings.models import CountrySettings

COLOUR = forms.TextInput(attrs={"type": "color"})


class CountrySettingsForm(VersionedModelForm):
    """The country's branding, languages and disclosure threshold, with its default language (kept at
    the hub) and its logo (a file, checked by the service)."""

    default_language = forms.ChoiceField(label=_("Default language"), choices=settings.LANGUAGES)
    languages = forms.MultipleChoiceField(
        label=_("Languages offered"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The languages people can switch the site to."),
    )
    logo_file = forms.FileField(
        label=_("Logo"), required=False, help_text=_("A PNG or JPEG image of at most 200 KB.")
    )
    logo_remove = forms.BooleanField(label=_("Remove the logo"), required=False)

    class Meta:
        model = CountrySettings
        fields = ["site_name", "brand_colour", "brand_ink", "footer", "languages", "disclosure_threshold"]
        widgets = {"brand_colour": COLOUR, "brand_ink": COLOUR, "footer": forms.Textarea(attrs={"rows": 3})}

    field_order = [
        "site_name",
        "logo_file",
        "logo_remove",
        "brand_colour",
        "brand_ink",
        "footer",
        "default_language",
        "languages",
        "disclosure_threshold",
    ]
