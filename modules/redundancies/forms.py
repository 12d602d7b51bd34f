from django import forms
from django.utils.translation import gettext_lazy as _

from clmis.records.forms import VersionedModelForm
from modules.employers.fields import EmployerField
from modules.redundancies.models import AffectedGroup, Redundancy
from modules.reference.fields import CodeField

DATE = {"type": "date"}


class RedundancyForm(VersionedModelForm):
    employer = EmployerField(
        label=_("Employer"), help_text=_("Type part of the name or the registration number.")
    )
    reason = CodeField("redundancy_reason", label=_("Reason"))

    class Meta:
        model = Redundancy
        fields = [
            "employer",
            "notified_on",
            "effective_on",
            "reason",
            "description",
            "severance_total",
            "opened_on",
            "due_on",
        ]
        widgets = {
            name: forms.DateInput(attrs=DATE, format="%Y-%m-%d")
            for name in ("notified_on", "effective_on", "opened_on", "due_on")
        }
        help_texts = {
            "opened_on": _("The day the notification is registered here (the day it came, usually)."),
        }


class AffectedGroupForm(VersionedModelForm):
    occupation = CodeField(
        "isco08",
        level=4,
        label=_("Occupation (ISCO)"),
        help_text=_("Type words such as “cook” or “clerk”, or the 4-digit ISCO code."),
    )

    class Meta:
        model = AffectedGroup
        fields = ["occupation", "women", "men"]
