from django.utils.translation import gettext_lazy as _

from clmis.records.forms import VersionedModelForm
from modules.employers.models import Employer, Representative
from modules.reference.fields import CodeField


class EmployerForm(VersionedModelForm):
    isic = CodeField(
        "isic4",
        level=4,
        required=False,
        label=_("Economic activity (ISIC class)"),
        help_text=_("Type words such as “accommodation” or “bakery”, or the 4-digit ISIC class."),
    )
    district = CodeField("district", required=False, label=_("District"))

    class Meta:
        model = Employer
        fields = [
            "name",
            "registration_number",
            "nis_number",
            "isic",
            "size_band",
            "street",
            "city",
            "district",
            "phone",
            "email",
            "active",
        ]


class RepresentativeForm(VersionedModelForm):
    class Meta:
        model = Representative
        fields = ["name", "position", "phone", "email"]
