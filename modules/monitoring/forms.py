from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clmis.records.forms import VersionedModelForm
from modules.monitoring.models import Activity
from modules.monitoring.selectors import activity_types
from modules.reference.fields import CodeField
from modules.reference.models import Code

NEGATIVE = _("A count cannot be negative.")


class ActivityTypeField(forms.ModelChoiceField):
    """The country's activity types as a list to choose from: a handful, read by their titles."""

    def label_from_instance(self, obj: Code) -> str:
        return obj.title


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m")


class ActivityForm(VersionedModelForm):
    activity_type = ActivityTypeField(
        queryset=activity_types(),
        to_field_name="code",
        label=_("Type of activity"),
        empty_label=None,
    )
    month = forms.DateField(
        required=False,
        label=_("Month"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=MonthInput(),
        help_text=_(
            "Only for an activity without a single date (a series over the month, or the day is not known); "
            "otherwise the month is the date's."
        ),
    )
    district = CodeField("district", required=False, label=_("District"))
    sessions = forms.IntegerField(
        min_value=1,
        initial=1,
        label=_("Sessions"),
        help_text=_("How many sessions, meetings or broadcasts the activity had."),
        error_messages={"min_value": _("An activity has at least one session.")},
    )

    class Meta:
        model = Activity
        fields = [
            "activity_type",
            "title",
            "part",
            "held_on",
            "month",
            "district",
            "place",
            "partner",
            "sessions",
            "participants_women",
            "participants_men",
            "staff_involved",
            "description",
        ]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "title": _("Such as “Outreach to farm workers on the minimum wage”."),
            "held_on": _("The day it took place (the first day, if it ran over several)."),
            "partner": _(
                "The organisation the activity was with or for: a school, a union, a radio station."
            ),
            "participants_women": _("People other than Department staff who took part."),
            "staff_involved": _("How many of the Department's staff took part."),
        }
        error_messages = {
            "participants_women": {"min_value": NEGATIVE},
            "participants_men": {"min_value": NEGATIVE},
            "staff_involved": {"min_value": NEGATIVE},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.held_on and not self.is_bound:
            # The month of a dated activity follows its date: left empty, a changed date moves it.
            self.initial["month"] = None
        if self.instance.activity_type_id:
            # A type the country has stopped using stays choosable for the activities recorded with it.
            self.fields["activity_type"].queryset = Code.objects.filter(
                Q(pk=self.instance.activity_type_id) | Q(pk__in=activity_types())
            ).order_by("pk")
