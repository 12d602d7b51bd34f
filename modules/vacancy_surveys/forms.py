from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from clmis.records.forms import VersionedModelForm
from modules.employers.fields import employer_label
from modules.reference.fields import CodeField
from modules.vacancy_surveys.models import ResponseLine, SurveyResponse, SurveyRound
from modules.vacancy_surveys.selectors import employers_to_answer

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NEGATIVE = _("A number of posts cannot be negative.")


class RoundForm(VersionedModelForm):
    class Meta:
        model = SurveyRound
        fields = ["title", "reference_date", "opens_on", "closes_on", "notes"]
        widgets = {
            "reference_date": DATE,
            "opens_on": DATE,
            "closes_on": DATE,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "title": _("Such as “Limited vacancy survey, second half of 2026”."),
            "opens_on": _("The first day responses are taken."),
            "closes_on": _("The last day responses are taken."),
        }


class SampledEmployerField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return employer_label(obj)


class ResponseForm(VersionedModelForm):
    employer = SampledEmployerField(
        queryset=None,
        label=_("Employer"),
        help_text=_("The employers asked in this round who have not responded yet."),
    )

    class Meta:
        model = SurveyResponse
        fields = ["employer", "responded_on", "respondent_name", "notes"]
        widgets = {"responded_on": DATE, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, survey_round: SurveyRound, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers_to_answer(survey_round, self.instance)


class ResponseLineForm(forms.ModelForm):
    occupation = CodeField("isco08", level=4, label=_("Occupation (ISCO)"))
    # Empty is none: without an initial 0 the blank rows offered for more lines stay blank, unsaved.
    hard_to_fill = forms.IntegerField(
        required=False, min_value=0, label=_("Hard to fill"), error_messages={"min_value": NEGATIVE}
    )

    class Meta:
        model = ResponseLine
        fields = ["occupation", "vacancies", "hard_to_fill", "expected_next_12_months"]
        error_messages = {
            "vacancies": {"min_value": NEGATIVE},
            "expected_next_12_months": {"min_value": NEGATIVE},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A row of a table: what the fields mean is said once, below it.
        for field in self.fields.values():
            field.help_text = ""

    def clean_hard_to_fill(self) -> int:
        return self.cleaned_data.get("hard_to_fill") or 0


class LineFormSet(BaseInlineFormSet):
    """The lines of a response on its page: one row per occupation, blank rows to add more, a box to
    delete one. Saved with the response by its service (never by the formset itself)."""

    def get_unique_error_message(self, unique_check) -> str:
        return str(_("An occupation is on two lines: give each occupation one line."))

    def lines(self) -> list[dict]:
        """The lines the response has once saved: the filled rows not marked for deletion."""
        return [
            {name: form.cleaned_data.get(name) for name in ResponseLineForm._meta.fields}
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


LINES_EXTRA = 5
ResponseLineFormSet = inlineformset_factory(
    SurveyResponse,
    ResponseLine,
    form=ResponseLineForm,
    formset=LineFormSet,
    extra=LINES_EXTRA,
    can_delete=True,
)
