from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from clmis.records.forms import VersionedModelForm
from modules.indicators.models import Agency, Indicator, Observation, Release
from modules.indicators.services import COUNTRY_FIELDS
from modules.indicators.submissions import CODE_EXAMPLES, PERIOD_EXAMPLES

UPLOAD_MAX_BYTES = 5 * 1024 * 1024
# A larger file is read and checked in the background, its page telling the progress; a smaller one
# (a few thousand rows) in the request, answered at once.
UPLOAD_BACKGROUND_BYTES = 256 * 1024


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
            "topic",
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


class AgencyMemberForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Submitter"),
        queryset=get_user_model().objects.none(),
        help_text=_("Users with the role of partner-agency submitter who submit for no agency yet."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(groups__name="agency_submitter", is_active=True, agency_membership__isnull=True)
            .order_by("username")
        )


class SubmissionForm(forms.Form):
    """One value of an indicator: its period, its breakdown (a code per dimension, or none for the total
    over it), the figures and the flag. Only read here: the rules are submission_check's, as for files."""

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        examples = ", ".join(PERIOD_EXAMPLES[frequency] for frequency in indicator.frequencies)
        self.fields["period"] = forms.CharField(
            label=_("Period"), max_length=7, help_text=_("As %(examples)s.") % {"examples": examples}
        )
        labels = dict(Indicator.Dimension.choices)
        for concept in indicator.dimensions:
            self.fields[concept] = forms.CharField(
                label=labels.get(concept, concept),
                required=False,
                max_length=40,
                help_text=_("Its code (%(examples)s); leave it empty for the total.")
                % {"examples": CODE_EXAMPLES.get(concept, _("the country's codes"))},
            )
        self.fields["value"] = forms.CharField(label=_("Value"), max_length=30)
        if indicator.unit not in (Indicator.Unit.COUNT, Indicator.Unit.CURRENCY):
            self.fields["numerator"] = forms.CharField(label=_("Numerator"), required=False, max_length=30)
            self.fields["denominator"] = forms.CharField(
                label=_("Denominator"), required=False, max_length=30
            )
        self.fields["flag"] = forms.ChoiceField(
            label=_("Observation flag"), required=False, choices=[("", "—"), *Observation.Flag.choices]
        )
        self.fields["comment"] = forms.CharField(
            label=_("Comment"),
            required=False,
            max_length=500,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=_("Required when the value moved by more than half since the period before."),
        )

    def row(self) -> dict[str, str]:
        return {name: value for name, value in self.cleaned_data.items() if value}


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File of values"),
        help_text=_("The template filled in, as CSV (UTF-8) or Excel (.xlsx), at most 5 MB."),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return file


class ValuesFilterForm(forms.Form):
    indicator = forms.ModelChoiceField(
        label=_("Indicator"), queryset=Indicator.objects.all(), required=False, empty_label=_("Any")
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.all(), required=False, empty_label=_("Any agency")
    )
    period = forms.CharField(label=_("Period"), required=False, max_length=7)
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("Any")), *Observation.State.choices]
    )


class ApproveForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Public from"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("The embargo: the values are public from this moment (at once if left empty)."),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The agency reads it."),
    )


class ReleaseForm(VersionedModelForm):
    class Meta:
        model = Release
        fields = ["indicator", "period", "planned_on", "note"]
        widgets = {"planned_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {"period": _("A year (2026), a quarter (2026-Q2) or a month (2026-06).")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.filter(active=True)


class PublicTopicForm(forms.Form):
    """The public home's choice of topic (all of them when none is chosen)."""

    topic = forms.ChoiceField(label=_("Topic"), required=False)

    def __init__(self, *args, topics: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Indicator.Topic.choices)
        self.fields["topic"].choices = [("", _("All topics")), *((t, labels[t]) for t in topics)]


class PublicSelectionForm(forms.Form):
    """What a visitor chooses on an indicator's public page: a period and a code of each dimension,
    among those published; a choice outside them is ignored, never an error page (permalinks outlive
    the values they once showed)."""

    def __init__(self, *args, periods: list[str], codes: dict[str, list[str]], labels: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"] = forms.ChoiceField(
            label=_("Period"), required=False, choices=[("", _("All periods")), *((p, p) for p in periods)]
        )
        titles = dict(Indicator.Dimension.choices)
        for concept, found in codes.items():
            self.fields[concept] = forms.ChoiceField(
                label=titles.get(concept, concept),
                required=False,
                choices=[("", _("All, and the total")), *((code, labels.get(code, code)) for code in found)],
            )

    def selection(self) -> tuple[set[str] | None, dict[str, str]]:
        """The periods chosen (None: all) and the codes chosen, by dimension."""
        self.is_valid()
        chosen = {name: value for name, value in self.cleaned_data.items() if value}
        period = chosen.pop("period", None)
        return ({period} if period else None), chosen
