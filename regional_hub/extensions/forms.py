from django import forms
from django.utils.translation import gettext_lazy as _

from regional_hub.extensions.models import Extension, ExtensionCheck
from regional_hub.releases.models import Release
from tenants.models import Country


class ExtensionForm(forms.Form):
    """A submission: the package and version as installed here, where its source is, who to ask."""

    distribution = forms.CharField(
        label=_("Package"),
        max_length=100,
        help_text=_("The name of the installed package, such as clmis-training-programmes."),
    )
    version = forms.CharField(
        label=_("Version"), max_length=40, help_text=_("The version installed here, such as 1.0.0.")
    )
    source_url = forms.CharField(
        label=_("Source repository"),
        max_length=300,
        help_text=_("Where the hub can read the code: https://…"),
    )
    source_ref = forms.CharField(
        label=_("Tag or commit"),
        max_length=100,
        help_text=_("The tag or commit of this version, such as v1.0.0."),
    )
    licence = forms.CharField(
        label=_("Licence (SPDX)"),
        max_length=60,
        required=False,
        help_text=_("As the package declares it, such as EUPL-1.2; left empty, the package's is taken."),
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=200)
    contact_email = forms.CharField(label=_("Contact e-mail"), max_length=254)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the module does and for whom; left empty, the manifest's description is taken."),
    )


class ExtensionSearchForm(forms.Form):
    q = forms.CharField(label=_("Package or module"), required=False)
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("Any")), *Extension.State.choices]
    )
    country = forms.ModelChoiceField(
        label=_("Contributed by"),
        required=False,
        queryset=Country.objects.order_by("name"),
        empty_label=_("Any"),
    )


class CheckForm(forms.Form):
    item = forms.ChoiceField(choices=ExtensionCheck.Item.choices, widget=forms.HiddenInput)
    verdict = forms.ChoiceField(label=_("Your verdict"), choices=ExtensionCheck.Outcome.choices)
    findings = forms.CharField(
        label=_("Findings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Needed where your verdict differs from what the hub computed, or where it computed nothing."
        ),
    )


class AcceptForm(forms.Form):
    release = forms.ModelChoiceField(
        label=_("Release"),
        queryset=Release.objects.all(),
        to_field_name="version",
        help_text=_("The release the module ships in; it must be in the extension's range of releases."),
    )


class ReturnForm(forms.Form):
    reasons = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the country must change; the country's administrators are told."),
    )
