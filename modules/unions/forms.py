from django import forms
from django.utils.translation import gettext_lazy as _

from clmis.records.forms import VersionedModelForm
from modules.reference.fields import CodeField
from modules.reference.models import Code
from modules.unions.models import ISIC_SECTIONS, TradeUnion


class UnionForm(VersionedModelForm):
    sectors = forms.ModelMultipleChoiceField(
        queryset=Code.objects.filter(**ISIC_SECTIONS),
        to_field_name="code",
        required=False,
        label=_("Sectors (ISIC sections)"),
        help_text=_(
            "The sections of economic activity whose workers the union organises. "
            "Hold Ctrl (⌘ on a Mac) to choose more than one."
        ),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    district = CodeField("district", required=False, label=_("District"))

    class Meta:
        model = TradeUnion
        fields = [
            "name",
            "acronym",
            "registration_number",
            "registered_on",
            "sectors",
            "members_women",
            "members_men",
            "membership_as_of",
            "contact_name",
            "contact_position",
            "street",
            "city",
            "district",
            "phone",
            "email",
            "active",
        ]
        widgets = {
            "registered_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "membership_as_of": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "contact_name": _("The general secretary, or whoever the Department deals with."),
            "membership_as_of": _("The date the membership figures were reported for."),
        }
