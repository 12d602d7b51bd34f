from django import forms
from django.utils.translation import gettext_lazy as _

from clmis.records.forms import VersionedModelForm
from modules.disputes.models import ISSUES, Dispute, Meeting
from modules.employers.fields import EmployerField
from modules.reference.models import Code
from modules.unions.models import TradeUnion

DATE = {"type": "date"}


class DisputeForm(VersionedModelForm):
    employer = EmployerField(
        label=_("Employer"), help_text=_("Type part of the name or the registration number.")
    )
    union = forms.ModelChoiceField(
        queryset=TradeUnion.objects.order_by("name"),
        required=False,
        label=_("Trade union"),
        empty_label=_("No union: a group of workers"),
        help_text=_("The registered union party to the dispute; leave empty for a group of workers."),
    )
    issues = forms.ModelMultipleChoiceField(
        queryset=Code.objects.filter(active=True, **ISSUES).order_by("code"),
        to_field_name="code",
        label=_("Issues in dispute"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Dispute
        fields = [
            "employer",
            "union",
            "workers_description",
            "workers_involved",
            "issues",
            "description",
            "reported_on",
            "opened_on",
            "due_on",
            "next_meeting_on",
            "next_meeting_place",
        ]
        widgets = {
            name: forms.DateInput(attrs=DATE, format="%Y-%m-%d")
            for name in ("reported_on", "opened_on", "due_on", "next_meeting_on")
        }
        help_texts = {
            "opened_on": _("The day the dispute is registered here (the day it was reported, usually)."),
            "next_meeting_on": _("The notice of meeting announces this date and place to the parties."),
        }


class MeetingForm(VersionedModelForm):
    next_meeting_on = forms.DateField(
        label=_("Adjourned to"),
        required=False,
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
        help_text=_(
            "The date of the next meeting, if one was agreed: it becomes the dispute's next meeting."
        ),
    )
    next_meeting_place = forms.CharField(
        label=_("Place of the next meeting"),
        required=False,
        max_length=200,
        help_text=_("The same place as this meeting if left empty."),
    )

    class Meta:
        model = Meeting
        fields = [
            "held_on",
            "place",
            "attended_employer",
            "attended_workers",
            "attended_department",
            "minutes",
        ]
        widgets = {"held_on": forms.DateInput(attrs=DATE, format="%Y-%m-%d")}

    def values(self) -> dict:
        values = super().values()
        if self.cleaned_data.get("next_meeting_on"):
            values["next_meeting_on"] = self.cleaned_data["next_meeting_on"]
            values["next_meeting_place"] = self.cleaned_data.get("next_meeting_place", "")
        return values
