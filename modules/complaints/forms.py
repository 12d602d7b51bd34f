from django import forms
from django.utils.translation import gettext_lazy as _

from clmis.records.forms import VersionedModelForm
from modules.complaints.models import Complaint, Hearing
from modules.employers.fields import EmployerField
from modules.reference.fields import CodeField


class ComplaintForm(VersionedModelForm):
    employer = EmployerField(
        required=False, label=_("Employer"), help_text=_("Type part of the name or the registration number.")
    )
    new_employer = forms.CharField(
        label=_("…or a new employer"),
        required=False,
        max_length=200,
        help_text=_("If the employer is not registered yet, its name: it is registered with the complaint."),
    )
    category = CodeField("complaint_category", label=_("Category"))
    occupation = CodeField(
        "isco08",
        level=4,
        required=False,
        label=_("Occupation (ISCO)"),
        help_text=_("Type words such as “nurse” or “driver”, or the 4-digit ISCO code."),
    )
    complainant_nationality = CodeField(
        "iso3166",
        required=False,
        label=_("Nationality"),
        help_text=_("The two-letter country code, or type the country's name."),
    )

    class Meta:
        model = Complaint
        fields = [
            "complainant_name",
            "complainant_sex",
            "complainant_birth_date",
            "complainant_nationality",
            "complainant_phone",
            "complainant_email",
            "complainant_address",
            "occupation",
            "employer",
            "category",
            "description",
            "amount_claimed",
            "opened_on",
            "due_on",
        ]
        widgets = {
            "complainant_birth_date": forms.DateInput(attrs={"type": "date"}),
            "opened_on": forms.DateInput(attrs={"type": "date"}),
            "due_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # the employer of a registered complaint is changed in its own field only
            del self.fields["new_employer"]

    def _get_validation_exclusions(self):
        # Without an employer the service registers the new one named, or refuses with a message.
        exclude = super()._get_validation_exclusions()
        if self.cleaned_data.get("employer") is None:
            exclude.add("employer")
        return exclude

    def values(self) -> dict:
        values = super().values()
        if "new_employer" in self.fields:
            values["new_employer"] = self.cleaned_data.get("new_employer", "")
        return values


class HearingForm(VersionedModelForm):
    class Meta:
        model = Hearing
        fields = ["held_on", "place", "attended", "minutes"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"})}
