from django import forms
from django.utils.translation import gettext_lazy as _

from clmis.records.forms import VersionedModelForm
from modules.accidents.models import INSPECTION_CASE_TYPE, Accident, MedicalReport
from modules.casework.models import Case
from modules.employers.fields import EmployerField
from modules.reference.fields import CodeField
from modules.workplaces.models import Workplace
from tenants.selectors import module_enabled_here

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AccidentForm(VersionedModelForm):
    employer = EmployerField(
        label=_("Employer"), help_text=_("Type part of the name or the registration number.")
    )
    isic = CodeField(
        "isic4",
        level=4,
        required=False,
        label=_("Economic activity (ISIC class)"),
        help_text=_("Left empty, the employer's."),
    )
    workplace = forms.ModelChoiceField(
        queryset=Workplace.objects.all(),
        required=False,
        widget=forms.TextInput,
        label=_("Workplace"),
        help_text=_("The workplace's number in the register (shown on its page), if known."),
        error_messages={"invalid_choice": _("No workplace with this number in the register.")},
    )
    occupation = CodeField(
        "isco08",
        level=4,
        required=False,
        label=_("Occupation (ISCO)"),
        help_text=_("Type words such as “mason” or “driver”, or the 4-digit ISCO code."),
    )
    nationality = CodeField(
        "iso3166",
        required=False,
        label=_("Nationality"),
        help_text=_("The two-letter country code, or type the country's name."),
    )
    injury_type = CodeField("injury_type", required=False, label=_("Type of injury"))
    body_part = CodeField("body_part", required=False, label=_("Part of the body"))
    agency = CodeField("accident_agency", required=False, label=_("Agency or cause"))
    inspection_visit = forms.CharField(
        required=False,
        max_length=40,
        label=_("Inspection"),
        help_text=_("The reference number of the inspection at which the findings were made."),
    )

    class Meta:
        model = Accident
        fields = [
            "notified_on",
            "notified_by",
            "person_name",
            "person_sex",
            "person_birth_date",
            "person_age",
            "nationality",
            "occupation",
            "employer",
            "isic",
            "workplace",
            "occurred_on",
            "place",
            "description",
            "is_disease",
            "fatal",
            "injury_type",
            "body_part",
            "agency",
            "days_lost",
            "spot_findings",
            "inspection_visit",
            "opened_on",
            "due_on",
        ]
        widgets = {
            "notified_on": DATE,
            "person_birth_date": DATE,
            "occurred_on": DATE,
            "opened_on": DATE,
            "due_on": DATE,
        }
        labels = {"opened_on": _("Registered")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not module_enabled_here("workplaces"):
            del self.fields["workplace"]
        if module_enabled_here("inspections"):
            linked = self.instance.inspection_visit if self.instance.inspection_visit_id else None
            self.initial["inspection_visit"] = linked.reference if linked else ""
        else:
            del self.fields["inspection_visit"]

    def clean_inspection_visit(self) -> Case | None:
        reference = self.cleaned_data.get("inspection_visit", "").strip()
        if not reference:
            return None
        inspection = Case.objects.filter(case_type=INSPECTION_CASE_TYPE, reference__iexact=reference).first()
        if inspection is None:
            raise forms.ValidationError(_("No inspection %(reference)s.") % {"reference": reference})
        return inspection


class MedicalReportForm(VersionedModelForm):
    class Meta:
        model = MedicalReport
        fields = ["practitioner", "reported_on", "diagnosis", "days_incapacity"]
        widgets = {"reported_on": DATE, "diagnosis": forms.Textarea(attrs={"rows": 3})}
