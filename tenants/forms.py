from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tenants.models import Country


class CountryCreateForm(forms.Form):
    code = forms.CharField(
        label=_("ISO 3166 alpha-2 code"),
        max_length=2,
        min_length=2,
        help_text=_("Two letters, such as kn. It becomes the country's address: kn.%(domain)s")
        % {"domain": settings.BASE_DOMAIN},
    )
    name = forms.CharField(label=_("Name"), max_length=100)
    iso3 = forms.CharField(
        label=_("ISO 3166 alpha-3 code"),
        max_length=3,
        required=False,
        help_text=_("Filled in from the code if left empty."),
    )
    default_language = forms.ChoiceField(
        label=_("Default language"), choices=settings.LANGUAGES, initial="en"
    )
    timezone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        initial="UTC",
        help_text=_("A time zone name, such as America/St_Kitts."),
    )
    domains = forms.CharField(
        label=_("Custom domains"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. One per line, such as lmis.labour.gov.kn."),
    )

    def cleaned_domains(self) -> list[str]:
        return self.cleaned_data.get("domains", "").split()


class CountrySearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *Country.Status.choices]
    )
