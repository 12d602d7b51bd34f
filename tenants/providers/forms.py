from django import forms
from django.utils.translation import gettext_lazy as _

from clmis.records.forms import VersionedModelForm
from tenants.models import Country, ServiceProvider
from tenants.providers.selectors import provider_staff_candidates

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProviderForm(VersionedModelForm):
    class Meta:
        model = ServiceProvider
        fields = ["name", "registration_number", "email", "accredited_from", "accredited_until", "notes"]
        widgets = {
            "accredited_from": DATE,
            "accredited_until": DATE,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "accredited_from": _("Its staff reach the countries assigned to it from this day."),
        }


class ProviderSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    accredited = forms.ChoiceField(
        label=_("Accreditation"),
        required=False,
        choices=[("", _("Any")), ("yes", _("Accredited today")), ("no", _("Not accredited today"))],
    )


class AssignmentForm(forms.Form):
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.all())
    since = forms.DateField(
        label=_("Since"), required=False, widget=DATE, help_text=_("Today if left empty.")
    )
    until = forms.DateField(
        label=_("Until"),
        required=False,
        widget=DATE,
        help_text=_("Optional: the first day the assignment no longer counts."),
    )


class StaffForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Hub user"),
        queryset=None,
        help_text=_("Hub users holding the service provider role who work for no provider yet."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = provider_staff_candidates()
