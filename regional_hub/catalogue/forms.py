from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clmis.records.forms import VersionedModelForm
from modules.indicators.models import Indicator
from regional_hub.catalogue.models import HarmonisedIndicator


class CatalogueSearchForm(forms.Form):
    q = forms.CharField(label=_("Code, name or SDG"), required=False)
    topic = forms.ChoiceField(
        label=_("Topic"), required=False, choices=[("", _("Any")), *Indicator.Topic.choices]
    )
    dimension = forms.ChoiceField(
        label=_("Broken down by"), required=False, choices=[("", _("Any")), *Indicator.Dimension.choices]
    )


class HarmonisedIndicatorForm(VersionedModelForm):
    """What describes an indicator; what it counts is its definition, changed by a new version."""

    class Meta:
        model = HarmonisedIndicator
        fields = ["topic", "source", "ilostat_code", "sdg"]


class HarmonisedIndicatorCreateForm(VersionedModelForm):
    """A new indicator of the catalogue with its first definition."""

    frequencies = forms.MultipleChoiceField(
        label=_("Periodicity"), choices=Indicator.Frequency.choices, widget=forms.CheckboxSelectMultiple
    )
    dimensions = forms.MultipleChoiceField(
        label=_("Dimensions"),
        choices=Indicator.Dimension.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    name = forms.CharField(label=_("Name"), max_length=300)
    definition = forms.CharField(
        label=_("Definition"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    class Meta:
        model = HarmonisedIndicator
        fields = [
            "code",
            "topic",
            "unit",
            "multiplier",
            "frequencies",
            "dimensions",
            "source",
            "ilostat_code",
            "sdg",
        ]

    def values(self) -> dict:
        return {
            **super().values(),
            **{name: self.cleaned_data[name] for name in ("name", "definition", "notes")},
        }


class DefinitionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    definition = forms.CharField(label=_("Definition"), widget=forms.Textarea(attrs={"rows": 5}))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    since_year = forms.IntegerField(
        label=_("Applies from the year"),
        min_value=1950,
        max_value=2100,
        help_text=_("Values of this year and later follow the new definition."),
    )
    breaks_series = forms.BooleanField(
        label=_("The change breaks the series"),
        required=False,
        initial=True,
        help_text=_("Values from that year on are flagged as a break in series (ILOSTAT flag B)."),
    )
    reason = forms.CharField(
        label=_("Reason for the change"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["since_year"].initial = timezone.localdate().year


class CodeSearchForm(forms.Form):
    q = forms.CharField(label=_("Code or label"), required=False)
