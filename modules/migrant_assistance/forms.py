from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clmis.records.forms import VersionedModelForm
from modules.migrant_assistance.models import AssistanceAction, AssistanceRequest
from modules.migrant_assistance.selectors import home_country, request_types
from modules.reference.fields import CodeField
from modules.reference.models import Code

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RequestTypeField(forms.ModelChoiceField):
    """The country's types of request as a list to choose from: a handful, read by their titles."""

    def label_from_instance(self, obj: Code) -> str:
        return obj.title


class AssistanceRequestForm(VersionedModelForm):
    nationality = CodeField(
        "iso3166",
        required=False,
        label=_("Nationality"),
        help_text=_("The two-letter country code, or type the country's name. Left empty, this country's."),
    )
    occupation = CodeField(
        "isco08",
        level=4,
        required=False,
        label=_("Occupation (ISCO)"),
        help_text=_("The job abroad: type words such as “farm worker” or “nurse”, or the 4-digit ISCO code."),
    )
    destination = CodeField(
        "iso3166",
        label=_("Country of destination"),
        help_text=_(
            "Where the worker works or goes to work: the two-letter code, or type the country's name."
        ),
    )
    request_type = RequestTypeField(
        queryset=request_types(), to_field_name="code", label=_("Type of request"), empty_label=None
    )

    class Meta:
        model = AssistanceRequest
        fields = [
            "person_name",
            "person_sex",
            "birth_date",
            "nationality",
            "occupation",
            "phone",
            "email",
            "home_address",
            "contact_abroad",
            "destination",
            "employer_abroad_name",
            "employer_abroad_address",
            "agency_name",
            "departed_on",
            "still_abroad",
            "request_type",
            "description",
            "recruitment_cost",
            "monthly_earnings",
            "currency",
            "opened_on",
            "due_on",
        ]
        widgets = {
            "birth_date": DATE,
            "departed_on": DATE,
            "opened_on": DATE,
            "due_on": DATE,
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"opened_on": _("Received")}
        help_texts = {
            "departed_on": _("Empty while the worker has not left yet."),
            "recruitment_cost": _(
                "What the worker paid to get the job (fees, travel, documents, medical checks), in the "
                "currency below. With the first month's earnings it gives SDG indicator 10.7.1."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("nationality", home_country())
        if self.instance.request_type_id:
            # A type the country has stopped using stays choosable for the requests recorded with it.
            self.fields["request_type"].queryset = Code.objects.filter(
                Q(pk=self.instance.request_type_id) | Q(pk__in=request_types())
            ).order_by("pk")


class AssistanceActionForm(VersionedModelForm):
    class Meta:
        model = AssistanceAction
        fields = ["taken_on", "organisation", "organisation_name", "description"]
        widgets = {"taken_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}
