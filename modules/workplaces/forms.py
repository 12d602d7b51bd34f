from django import forms
from django.utils.translation import gettext_lazy as _

from clmis.records.forms import VersionedModelForm
from modules.reference.fields import CodeField
from modules.workplaces.models import Workplace


class WorkplaceForm(VersionedModelForm):
    isic = CodeField(
        "isic4",
        level=4,
        required=False,
        label=_("Economic activity (ISIC class)"),
        help_text=_("The employer’s, unless this workplace does something else (a bakery’s shop: 4721)."),
    )
    district = CodeField("district", required=False, label=_("District"))

    class Meta:
        model = Workplace
        fields = [
            "name",
            "isic",
            "street",
            "city",
            "district",
            "workers_women",
            "workers_men",
            "workers_as_of",
            "phone",
            "active",
        ]
        widgets = {"workers_as_of": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "name": _("Such as “Head office”, “Frigate Bay site” or “Warehouse”."),
            "workers_as_of": _("The date the numbers of workers were reported for."),
        }
