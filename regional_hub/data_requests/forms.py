from django import forms
from django.utils.translation import gettext_lazy as _

from regional_hub.catalogue.models import HarmonisedIndicator
from regional_hub.data_requests.models import DataRequest
from regional_hub.facts.selectors import countries_compared


class DataRequestForm(forms.Form):
    country = forms.ModelChoiceField(label=_("Country"), queryset=countries_compared())
    indicators = forms.ModelMultipleChoiceField(
        label=_("Indicators"),
        queryset=HarmonisedIndicator.objects.order_by("code"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    periods = forms.CharField(
        label=_("Periods"), max_length=200, help_text=_("Separated by commas: 2024, 2025-Q1, 2025-06.")
    )
    due_on = forms.DateField(
        label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    message = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}))

    def clean_periods(self) -> list[str]:
        return [part.strip() for part in self.cleaned_data["periods"].split(",") if part.strip()]


class DataRequestSearchForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("Any")), *DataRequest.State.choices]
    )
    country = forms.ModelChoiceField(
        label=_("Country"), required=False, queryset=countries_compared(), empty_label=_("Any")
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you publish and when, or why the values cannot be given."),
    )
