from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clmis.records.forms import VersionedModelForm
from modules.farm_programme.models import FarmWorker, FollowUp, RecruitmentRound
from modules.farm_programme.selectors import rounds_listed, rounds_open
from modules.reference.fields import CodeField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RoundForm(VersionedModelForm):
    destination = CodeField(
        "iso3166", label=_("Destination country"), help_text=_("The two-letter country code, or its name.")
    )

    class Meta:
        model = RecruitmentRound
        fields = [
            "season",
            "destination",
            "programme",
            "opens_on",
            "closes_on",
            "places",
            "currency",
            "status",
            "notes",
        ]
        widgets = {"opens_on": DATE, "closes_on": DATE, "notes": forms.Textarea(attrs={"rows": 3})}


class RoundChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: RecruitmentRound) -> str:
        return f"{obj} — {obj.destination.title}"


class FarmWorkerForm(VersionedModelForm):
    round = RoundChoiceField(
        queryset=rounds_open(),
        label=_("Recruitment round"),
        help_text=_("The rounds open for applications."),
        empty_label=None,
    )
    district = CodeField("district", required=False, label=_("District"))

    class Meta:
        model = FarmWorker
        fields = [
            "round",
            "name",
            "sex",
            "birth_date",
            "nis_number",
            "district",
            "phone",
            "medical_cleared",
            "medical_on",
            "police_record",
            "police_record_on",
            "passport_valid",
            "passport_expires_on",
            "contract_signed",
            "contract_signed_on",
            "visa_issued",
            "visa_issued_on",
            "employer_abroad",
            "opened_on",
            "due_on",
        ]
        widgets = {
            "birth_date": DATE,
            "medical_on": DATE,
            "police_record_on": DATE,
            "passport_expires_on": DATE,
            "contract_signed_on": DATE,
            "visa_issued_on": DATE,
            "opened_on": DATE,
            "due_on": DATE,
        }
        labels = {"opened_on": _("Applied")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.round_id:
            # The worker's own round stays choosable once it has closed for applications.
            self.fields["round"].queryset = rounds_listed().filter(
                Q(pk=self.instance.round_id) | Q(pk__in=rounds_open())
            )


class FollowUpForm(VersionedModelForm):
    class Meta:
        model = FollowUp
        fields = ["on", "employed", "notes"]
        widgets = {"on": DATE, "notes": forms.Textarea(attrs={"rows": 3})}
