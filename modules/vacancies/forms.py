from django import forms
from django.utils.translation import gettext_lazy as _

from clmis.records.forms import VersionedModelForm
from modules.employers.fields import EmployerField
from modules.reference.fields import CodeField
from modules.reference.models import Code
from modules.vacancies.models import LANGUAGES, SKILLS, Vacancy, WorkRequest

DATE = {"type": "date"}
OCCUPATION_HELP = _("Type words such as “cook” or “nurse”, or the 4-digit ISCO code.")


def _codes(table: dict, label, help_text) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        # In the order the table declares them (the country's additions after).
        queryset=Code.objects.filter(active=True, **table).order_by("pk"),
        to_field_name="code",
        required=False,
        label=label,
        help_text=help_text,
        widget=forms.CheckboxSelectMultiple,
    )


class VacancyForm(VersionedModelForm):
    employer = EmployerField(
        label=_("Employer"), help_text=_("Type part of the name or the registration number.")
    )
    occupation = CodeField("isco08", level=4, label=_("Occupation (ISCO)"), help_text=OCCUPATION_HELP)
    district = CodeField(
        "district",
        required=False,
        label=_("District"),
        help_text=_("Where the work is; the employer's district if left empty."),
    )
    education_level = forms.ModelChoiceField(
        queryset=Code.objects.filter(active=True, classification__key="education_level").order_by("pk"),
        to_field_name="code",
        required=False,
        label=_("Minimum education"),
        empty_label=_("None required"),
    )
    skills = _codes(SKILLS, _("Skills"), _("The skills the employer asks for."))
    languages = _codes(LANGUAGES, _("Languages"), _("The languages the work needs."))

    class Meta:
        model = Vacancy
        fields = [
            "employer",
            "title",
            "occupation",
            "posts",
            "district",
            "place_of_work",
            "education_level",
            "experience_years",
            "skills",
            "languages",
            "requirements",
            "wage_min",
            "wage_max",
            "wage_period",
            "hours_per_week",
            "contract",
            "hours",
            "opened_on",
            "closes_on",
            "starts_on",
        ]
        widgets = {
            name: forms.DateInput(attrs=DATE, format="%Y-%m-%d")
            for name in ("opened_on", "closes_on", "starts_on")
        }
        help_texts = {"opened_on": _("The day the employer notified the vacancy.")}


class WorkRequestForm(VersionedModelForm):
    employer = EmployerField(
        label=_("Employer"), help_text=_("Type part of the name or the registration number.")
    )
    occupation = CodeField("isco08", level=4, label=_("Occupation (ISCO)"), help_text=OCCUPATION_HELP)

    class Meta:
        model = WorkRequest
        fields = [
            "employer",
            "contact_person",
            "occupation",
            "posts",
            "description",
            "opened_on",
            "needed_by",
        ]
        widgets = {
            name: forms.DateInput(attrs=DATE, format="%Y-%m-%d") for name in ("opened_on", "needed_by")
        }
        help_texts = {"opened_on": _("The day the employer made the request.")}
