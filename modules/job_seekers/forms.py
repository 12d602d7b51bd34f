from django import forms
from django.db.models import Case, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from clmis.records.forms import VersionedModelForm
from modules.job_seekers.models import Education, Experience, JobSeeker, RegistrationRules
from modules.reference.fields import CodeField
from modules.reference.models import Code

DATE = {"type": "date"}
ISCO_HELP = _("Type words such as “cook” or “driver”, or the 4-digit ISCO code.")


def codes_of(table: str) -> QuerySet[Code]:
    return Code.objects.filter(classification__key=table, active=True).order_by("code")


def education_levels() -> QuerySet[Code]:
    # "X" (no schooling) comes before the ISCED levels 0 to 8.
    return codes_of("education_level").order_by(Case(When(code="X", then=Value(0)), default=Value(1)), "code")


class CodeChoice(forms.ModelChoiceField):
    """One code of a short national table, chosen from a list of its titles (the code is the value)."""

    def label_from_instance(self, obj: Code) -> str:
        return obj.title


class CodeChoices(forms.ModelMultipleChoiceField):
    """Codes of a short table (skills, languages, districts), ticked by their titles."""

    def label_from_instance(self, obj: Code) -> str:
        return obj.title


def code_choices(table: str, label, **kwargs) -> forms.ModelMultipleChoiceField:
    return CodeChoices(
        queryset=codes_of(table),
        to_field_name="code",
        required=False,
        label=label,
        widget=forms.CheckboxSelectMultiple,
        **kwargs,
    )


class JobSeekerForm(VersionedModelForm):
    """The registration (Form 24) and its changes: identification, education, skills and languages, the
    work sought, availability. Education and work experience are added on the job seeker's page."""

    nationality = CodeField(
        "iso3166",
        required=False,
        label=_("Nationality"),
        help_text=_("The two-letter country code, or type the country's name."),
    )
    country_of_birth = CodeField(
        "iso3166",
        required=False,
        label=_("Country of birth"),
        help_text=_("The two-letter country code, or type the country's name."),
    )
    district = CodeChoice(
        queryset=codes_of("district"), to_field_name="code", required=False, label=_("District")
    )
    education_level = CodeChoice(
        queryset=education_levels(),
        to_field_name="code",
        required=False,
        label=_("Highest level of education completed"),
    )
    skills = code_choices("skill", _("Skills"))
    languages = code_choices("language", _("Languages"))
    occupation_1 = CodeField("isco08", level=4, label=_("Occupation sought"), help_text=ISCO_HELP)
    occupation_2 = CodeField("isco08", level=4, required=False, label=_("Second occupation sought"))
    occupation_3 = CodeField("isco08", level=4, required=False, label=_("Third occupation sought"))
    preferred_districts = code_choices(
        "district",
        _("Districts where they would work"),
        help_text=_("None ticked: anywhere in the country."),
    )

    class Meta:
        model = JobSeeker
        fields = [
            "first_name",
            "family_name",
            "nis_number",
            "sex",
            "birth_date",
            "nationality",
            "country_of_birth",
            "district",
            "city",
            "street",
            "phone",
            "email",
            "education_level",
            "training",
            "skills",
            "languages",
            "preferred_districts",
            "hours",
            "willing_to_relocate",
            "willing_to_work_abroad",
            "available_from",
            "opened_on",
        ]
        widgets = {
            name: forms.DateInput(attrs=DATE, format="%Y-%m-%d")
            for name in ("birth_date", "available_from", "opened_on")
        }
        labels = {"opened_on": _("Registered on")}
        help_texts = {"training": _("Vocational courses, apprenticeships, licences and certificates.")}

    field_order = [
        *Meta.fields[: Meta.fields.index("languages") + 1],
        "occupation_1",
        "occupation_2",
        "occupation_3",
        *Meta.fields[Meta.fields.index("languages") + 1 :],
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for index, code in enumerate(self.instance.occupations_sought()[:3], start=1):
                self.initial.setdefault(f"occupation_{index}", code)
            del self.fields["opened_on"]  # the registration date stays what it was

    def _get_validation_exclusions(self):
        # The national insurance number of another registration is the service's to refuse: it offers
        # the registration found instead of a bare "already exists".
        return {*super()._get_validation_exclusions(), "nis_number"}

    def values(self) -> dict:
        values = super().values()
        chosen = [self.cleaned_data.get(f"occupation_{index}") for index in (1, 2, 3)]
        values["occupations"] = [code for code in chosen if code is not None]
        return values


class EducationForm(VersionedModelForm):
    level = CodeChoice(queryset=education_levels(), to_field_name="code", label=_("Level"))

    class Meta:
        model = Education
        fields = ["level", "field_of_study", "institution", "year_completed"]


class ExperienceForm(VersionedModelForm):
    occupation = CodeField("isco08", level=4, label=_("Occupation (ISCO)"), help_text=ISCO_HELP)

    class Meta:
        model = Experience
        fields = ["occupation", "employer_name", "started_on", "ended_on", "duties"]
        widgets = {
            "started_on": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "ended_on": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
        }


class RegistrationRulesForm(VersionedModelForm):
    class Meta:
        model = RegistrationRules
        fields = ["lapse_after_days", "office_contact"]


class MergeForm(forms.Form):
    duplicate = forms.CharField(
        label=_("Registration number of the duplicate"),
        max_length=40,
        help_text=_("It is closed as merged; its education, experience and codes come to this one."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
