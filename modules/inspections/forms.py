from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clmis.records.forms import VersionedModelForm
from modules.casework.models import Case
from modules.inspections.models import (
    COMPLAINT_CASE_TYPE,
    VISITED,
    ChecklistItem,
    Finding,
    Inspection,
    Notice,
    Penalty,
    Violation,
)
from modules.inspections.selectors import AREA_TABLE, inspectors_available
from modules.reference.fields import CodeField
from modules.workplaces.fields import WorkplaceField
from tenants.selectors import module_enabled_here

SUGGESTIONS = 5
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CaseReferenceField(forms.CharField):
    """A case of one type, by its reference number (what is written on the file)."""

    def __init__(self, case_type: str, *, not_found: str, **kwargs):
        self.case_type, self.not_found = case_type, not_found
        super().__init__(max_length=40, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            value = Case.objects.filter(pk=value).first()
        return value.reference if isinstance(value, Case) else value

    def to_python(self, value) -> Case | None:
        text = super().to_python(value).strip()
        if not text:
            return None
        case = Case.objects.filter(case_type=self.case_type, reference__iexact=text).first()
        if case is None:
            raise forms.ValidationError(self.not_found % {"reference": text})
        return case


class InspectorsField(forms.ModelMultipleChoiceField):
    """Officers by name (a list box: one label for the whole choice, which checkboxes would not have)."""

    def label_from_instance(self, user) -> str:
        return user.get_full_name() or user.get_username()


class InspectionForm(VersionedModelForm):
    workplace = WorkplaceField(
        label=gettext_lazy("Workplace"),
        help_text=gettext_lazy("Type part of the employer's or the workplace's name, or its number."),
    )
    prompted_by = CaseReferenceField(
        COMPLAINT_CASE_TYPE,
        required=False,
        label=gettext_lazy("Complaint"),
        help_text=gettext_lazy("For a complaint-driven inspection: the complaint's reference number."),
        not_found=gettext_lazy("No complaint %(reference)s."),
    )
    previous = CaseReferenceField(
        "inspections.inspection",
        required=False,
        label=gettext_lazy("Follows up inspection"),
        help_text=gettext_lazy("For a follow-up visit: the reference number of the earlier inspection."),
        not_found=gettext_lazy("No inspection %(reference)s."),
    )
    inspectors = InspectorsField(
        queryset=None,
        required=False,
        label=gettext_lazy("Inspectors"),
        help_text=gettext_lazy(
            "Officers taking part besides the lead (the officer the inspection is assigned to)."
        ),
    )

    class Meta:
        model = Inspection
        fields = [
            "kind",
            "workplace",
            "prompted_by",
            "previous",
            "inspectors",
            "opened_on",
            "due_on",
            "visited_on",
            "workers_women",
            "workers_men",
            "findings",
        ]
        widgets = {"opened_on": DATE, "due_on": DATE, "visited_on": DATE}
        labels = {"opened_on": gettext_lazy("Opened"), "due_on": gettext_lazy("Visit due by")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspectors"].queryset = inspectors_available()
        if not module_enabled_here("complaints"):
            del self.fields["prompted_by"]
        if self.instance.status not in VISITED:  # the visit itself is recorded by its workflow action
            for name in ("visited_on", "workers_women", "workers_men", "findings"):
                del self.fields[name]

    def clean_previous(self):
        previous = self.cleaned_data.get("previous")
        return previous.concrete() if previous is not None else None


class ChecklistForm(forms.Form):
    """Every area of the checklist on one page: a finding and a note each, and the version read."""

    def __init__(self, *args, items: list[ChecklistItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            code = item.area.code
            self.fields[f"{code}-finding"] = forms.ChoiceField(
                label=item.area.title, choices=Finding.choices, initial=item.finding
            )
            self.fields[f"{code}-note"] = forms.CharField(
                label=_("Note on %(area)s") % {"area": item.area.title},
                required=False,
                max_length=500,
                initial=item.note,
            )
            self.fields[f"{code}-version"] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, initial=item.version if item.pk else None
            )

    def rows(self) -> list[tuple[ChecklistItem, forms.BoundField, forms.BoundField]]:
        return [
            (item, self[f"{item.area.code}-finding"], self[f"{item.area.code}-note"]) for item in self.items
        ]

    def entries(self) -> list:
        data = self.cleaned_data
        return [
            (
                item.area,
                {"finding": data[f"{item.area.code}-finding"], "note": data[f"{item.area.code}-note"]},
                data[f"{item.area.code}-version"],
            )
            for item in self.items
        ]


class ViolationForm(VersionedModelForm):
    area = CodeField(AREA_TABLE, label=gettext_lazy("Area"))

    class Meta:
        model = Violation
        fields = ["area", "provision", "description"]


class NoticeForm(VersionedModelForm):
    class Meta:
        model = Notice
        fields = ["kind", "requirement", "deadline", "complied_on"]
        widgets = {"deadline": DATE, "complied_on": DATE, "requirement": forms.Textarea(attrs={"rows": 3})}


class PenaltyForm(VersionedModelForm):
    class Meta:
        model = Penalty
        fields = ["amount", "imposed_on", "paid_on"]
        widgets = {"imposed_on": DATE, "paid_on": DATE}


class FollowUpForm(forms.Form):
    due_on = forms.DateField(label=gettext_lazy("Visit due by"), required=False, widget=DATE)
