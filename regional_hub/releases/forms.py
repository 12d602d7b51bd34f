from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from regional_hub.releases.models import Release
from tenants.models import Country


class ReleaseCutForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=Release.Kind.choices)
    released_on = forms.DateField(
        label=_("Release date"), widget=forms.DateInput(attrs={"type": "date"}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, name in settings.LANGUAGES:
            self.fields[f"notes_{code}"] = forms.CharField(
                label=_("Release notes in %(language)s") % {"language": _(name)},
                widget=forms.Textarea(attrs={"rows": 6}),
                required=code == "en",
                help_text=_("What changed, for the countries' administrators.") if code == "en" else "",
            )

    def notes(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"notes_{code}", "") for code, _name in settings.LANGUAGES}


class CountriesWaveForm(forms.Form):
    """Countries to upgrade as one wave, in one window of their local time (or at any time)."""

    countries = forms.ModelMultipleChoiceField(
        label=_("Countries"),
        queryset=Country.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )
    wave = forms.IntegerField(
        label=_("Wave"),
        min_value=1,
        initial=1,
        help_text=_("A wave starts when every country of the waves before it is done."),
    )
    window_start = forms.TimeField(
        label=_("Window opens"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_("In each country's own time zone, e.g. 22:00. Leave both empty for any time."),
    )
    window_end = forms.TimeField(
        label=_("Window closes"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("window_start"), cleaned.get("window_end")
        if (start is None) != (end is None):
            raise forms.ValidationError(_("Give both ends of the window, or neither."))
        return cleaned

    def window(self):
        start, end = self.cleaned_data.get("window_start"), self.cleaned_data.get("window_end")
        return (start, end) if start is not None else None


class RolloutForm(CountriesWaveForm):
    workers = forms.IntegerField(
        label=_("Countries upgraded at a time"),
        min_value=1,
        max_value=settings.RELEASE_MAX_WORKERS,
        initial=1,
    )
