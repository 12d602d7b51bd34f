from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tenants.models import Country


class CountryCreateForm(forms.Form):
    code = forms.CharField(
        label=_("ISO 3166 alpha-2 code"),
        max_length=2,
        min_length=2,
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
    administrator_email = forms.EmailField(
        label=_("The administrator's e-mail address"),
        required=False,
        help_text=_(
            "Optional. The country's national LMIS administrator, who gives their colleagues their "
            "accounts: they get an e-mail with a link to set their password."
        ),
    )
    administrator_first_name = forms.CharField(
        label=_("The administrator's first name"), required=False, max_length=150
    )
    administrator_last_name = forms.CharField(
        label=_("The administrator's last name"), required=False, max_length=150
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Here, not on the field: % would translate the text once, in the language of the first import.
        self.fields["code"].help_text = _(
            "Two letters, such as kn. It becomes the country's address: kn.%(domain)s"
        ) % {"domain": settings.BASE_DOMAIN}

    def clean_administrator_email(self) -> str:
        """The address is also the account's user name: refuse here what a user name cannot be, so that
        the country is never made without the administrator asked for."""
        email = self.cleaned_data["administrator_email"]
        if not email:
            return email
        try:
            get_user_model().username_validator(email)
        except ValidationError as error:
            raise ValidationError(
                _("Use an address of letters, digits and . @ + - _ only: it is also the user name.")
            ) from error
        return email

    def cleaned_domains(self) -> list[str]:
        return self.cleaned_data.get("domains", "").split()


class CountrySearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *Country.Status.choices]
    )
