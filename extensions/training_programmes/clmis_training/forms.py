from django import forms
from django.utils.translation import gettext_lazy as _

from clmis.records.forms import VersionedModelForm
from clmis_training.models import Trainee, TrainingProgramme
from modules.reference.fields import CodeField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgrammeForm(VersionedModelForm):
    occupation = CodeField(
        "isco08",
        level=4,
        required=False,
        label=_("Occupation (ISCO)"),
        help_text=_("The ISCO-08 unit group the programme trains for, such as 5120 Cooks."),
    )
    sector = CodeField(
        "isic4",
        level=1,
        required=False,
        label=_("Sector (ISIC section)"),
        help_text=_(
            "Where the programme trains for a sector rather than one occupation: a letter, such as I."
        ),
    )

    class Meta:
        model = TrainingProgramme
        fields = ["title", "provider", "occupation", "sector", "starts_on", "ends_on", "places"]
        widgets = {"starts_on": DATE, "ends_on": DATE}


class TraineeForm(VersionedModelForm):
    class Meta:
        model = Trainee
        fields = ["name", "sex", "date_of_birth", "status"]
        widgets = {"date_of_birth": DATE}
