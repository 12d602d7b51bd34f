from django import forms
from django.utils.translation import gettext_lazy as _

from clmis.records.forms import VersionedModelForm
from modules.casework.models import Case
from modules.employers.fields import EmployerField
from modules.reference.fields import CodeField
from modules.work_permits.models import VACANCY_CASE_TYPE, WorkPermit
from tenants.selectors import module_enabled_here

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
COUNTRY_HELP = _("The two-letter country code, or type the country's name.")


class WorkPermitForm(VersionedModelForm):
    employer = EmployerField(
        label=_("Employer"), help_text=_("Type part of the name or the registration number.")
    )
    occupation = CodeField(
        "isco08",
        level=4,
        label=_("Occupation (ISCO)"),
        help_text=_("Type words such as “chef” or “nurse”, or the 4-digit ISCO code."),
    )
    citizenship = CodeField("iso3166", label=_("Citizenship"), help_text=COUNTRY_HELP)
    country_of_birth = CodeField("iso3166", label=_("Country of birth"), help_text=COUNTRY_HELP)
    education_level = CodeField("education_level", required=False, label=_("Level of education"))
    advertised_vacancy = forms.CharField(
        required=False,
        max_length=40,
        label=_("Vacancy"),
        help_text=_("The reference number of the vacancy registered with the employment service."),
    )
    # Set by the renewal page (“Apply for renewal” on an approved permit), kept when the renewal is edited.
    renewal_of = forms.ModelChoiceField(
        queryset=WorkPermit.objects.all(), required=False, widget=forms.HiddenInput
    )

    class Meta:
        model = WorkPermit
        fields = [
            "employer",
            "position",
            "occupation",
            "duration_months",
            "monthly_salary",
            "currency",
            "worker_name",
            "worker_sex",
            "worker_birth_date",
            "citizenship",
            "country_of_birth",
            "passport_number",
            "education_level",
            "qualifications",
            "vacancy_advertised",
            "advertised_on",
            "advertised_vacancy",
            "no_suitable_national",
            "labour_market_note",
            "renewal_of",
            "opened_on",
            "due_on",
        ]
        widgets = {
            "worker_birth_date": DATE,
            "advertised_on": DATE,
            "opened_on": DATE,
            "due_on": DATE,
            "qualifications": forms.Textarea(attrs={"rows": 3}),
            "labour_market_note": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"opened_on": _("Received")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if module_enabled_here("vacancies"):
            linked = self.instance.advertised_vacancy if self.instance.advertised_vacancy_id else None
            self.initial["advertised_vacancy"] = linked.reference if linked else ""
        else:
            del self.fields["advertised_vacancy"]

    def clean_advertised_vacancy(self) -> Case | None:
        reference = self.cleaned_data.get("advertised_vacancy", "").strip()
        if not reference:
            return None
        vacancy = Case.objects.filter(case_type=VACANCY_CASE_TYPE, reference__iexact=reference).first()
        if vacancy is None:
            raise forms.ValidationError(_("No vacancy %(reference)s.") % {"reference": reference})
        return vacancy
