from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from modules.indicators.codes import code_labels
from modules.indicators.models import Indicator, breakdown_of
from modules.reports.periods import period_parse
from regional_hub.catalogue.models import HarmonisedIndicator
from regional_hub.facts.selectors import breakdowns_of, countries_compared


class CoverageForm(forms.Form):
    period = forms.CharField(
        label=_("Period"),
        max_length=7,
        help_text=_("A year (2025), a quarter (2025-Q2) or a month (2025-06)."),
    )
    topic = forms.ChoiceField(
        label=_("Topic"), required=False, choices=[("", _("Any")), *Indicator.Topic.choices]
    )

    def clean_period(self) -> str:
        return period_parse(self.cleaned_data["period"]).text


def breakdown_label(key: str) -> str:
    """ "SEX=SEX_F|AGE=AGE_YTHADULT_Y15-24" as words: "Female, 15-24" ("Total" for the total)."""
    if not key:
        return str(_("Total"))
    codes = list(breakdown_of(key).values())
    labels = code_labels(set(codes))
    return ", ".join(labels.get(code, code) for code in codes)


class ComparisonForm(forms.Form):
    """What to compare: an indicator, one of its breakdowns, countries and a span of periods."""

    indicator = forms.ModelChoiceField(
        label=_("Indicator"), queryset=HarmonisedIndicator.objects.order_by("code"), to_field_name="code"
    )
    breakdown = forms.ChoiceField(label=_("Breakdown"), required=False)
    countries = forms.MultipleChoiceField(
        label=_("Countries"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("All when none is chosen."),
    )
    first = forms.CharField(label=_("From"), required=False, max_length=7)
    last = forms.CharField(label=_("To"), required=False, max_length=7)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.all_countries = list(countries_compared())
        self.fields["countries"].choices = [(c.iso3, c.name) for c in self.all_countries]
        code = self.data.get("indicator") if self.is_bound else None
        indicator = HarmonisedIndicator.objects.filter(code=code).first() if code else None
        keys = breakdowns_of(indicator) if indicator else [""]
        self.fields["breakdown"].choices = [(key, breakdown_label(key)) for key in keys]

    def clean_first(self) -> str:
        return self._period("first")

    def clean_last(self) -> str:
        return self._period("last")

    def _period(self, name: str) -> str:
        text = self.cleaned_data.get(name, "").strip()
        return period_parse(text).text if text else ""

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("first") and cleaned.get("last") and cleaned["first"] > cleaned["last"]:
            raise ValidationError({"last": _("The last period comes before the first.")})
        return cleaned

    def countries_chosen(self) -> list:
        chosen = set(self.cleaned_data.get("countries") or [])
        return [c for c in self.all_countries if not chosen or c.iso3 in chosen]
