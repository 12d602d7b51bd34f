from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from clmis.records.forms import VersionedModelForm
from modules.indicators.models import Agency, Indicator
from modules.indicators.services import COUNTRY_FIELDS


class IndicatorForm(VersionedModelForm):
    """An indicator, with its name and definition in the country's other languages; of a harmonised
    indicator only what the country decides can be changed (the rest is shown, not editable)."""

    frequencies = forms.MultipleChoiceField(
        label=_("Periodicity"), choices=Indicator.Frequency.choices, widget=forms.CheckboxSelectMultiple
    )
    dimensions = forms.MultipleChoiceField(
        label=_("Dimensions"),
        choices=Indicator.Dimension.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("What its values are broken down by."),
    )

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "definition",
            "unit",
            "multiplier",
            "frequencies",
            "dimensions",
            "agency",
            "source",
            "sdg",
            "notes",
            "active",
        ]
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(active=True)
        for code, language in settings.LANGUAGES:
            if code == settings.LANGUAGE_CODE:
                continue
            given = self.instance.translations.get(code, {})
            self.fields[f"name_{code}"] = forms.CharField(
                label=_("Name in %(language)s") % {"language": language},
                required=False,
                max_length=300,
                initial=given.get("name", ""),
            )
            self.fields[f"definition_{code}"] = forms.CharField(
                label=_("Definition in %(language)s") % {"language": language},
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=given.get("definition", ""),
            )
        if self.instance.harmonised:
            for name, field in self.fields.items():
                if name in self._meta.fields and name not in COUNTRY_FIELDS:
                    field.disabled = True

    def values(self) -> dict:
        values = super().values()
        translations = {}
        for code, _language in settings.LANGUAGES:
            own = {
                part: self.cleaned_data.get(f"{part}_{code}", "").strip()
                for part in ("name", "definition")
                if self.cleaned_data.get(f"{part}_{code}", "").strip()
            }
            if own:
                translations[code] = own
        values["translations"] = translations
        return values


class AgencyForm(VersionedModelForm):
    class Meta:
        model = Agency
        fields = ["name", "acronym", "kind", "email", "active"]
