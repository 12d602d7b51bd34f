from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clmis.records.forms import VersionedModelForm
from modules.employers.fields import EmployerField
from modules.industrial_actions.models import IndustrialAction
from modules.reference.fields import CodeField
from modules.unions.models import TradeUnion
from modules.workplaces.fields import WorkplaceField
from tenants.selectors import module_enabled_here

DATE = {"type": "date"}
SUGGESTIONS = 5


class IndustrialActionForm(VersionedModelForm):
    employer = EmployerField(
        label=gettext_lazy("Employer"),
        help_text=gettext_lazy("Type part of the name or the registration number."),
    )
    workplace = WorkplaceField(
        required=False,
        label=gettext_lazy("Establishment"),
        help_text=gettext_lazy(
            "The workplace where the action took place, if it was one of the employer's sites."
        ),
    )
    isic = CodeField(
        "isic4",
        level=4,
        required=False,
        label=gettext_lazy("Economic activity (ISIC class)"),
        help_text=gettext_lazy("The establishment's, or else the employer's, when left empty."),
    )
    union = forms.ModelChoiceField(
        queryset=TradeUnion.objects.order_by("name"),
        required=False,
        label=gettext_lazy("Trade union"),
        empty_label=gettext_lazy("No union"),
    )
    cause = CodeField("industrial_action_cause", label=gettext_lazy("Cause"))

    class Meta:
        model = IndustrialAction
        fields = [
            "action_type",
            "employer",
            "workplace",
            "isic",
            "union",
            "notified_by",
            "workers_women",
            "workers_men",
            "started_on",
            "ended_on",
            "days_not_worked",
            "cause",
            "description",
            "opened_on",
            "due_on",
        ]
        widgets = {
            name: forms.DateInput(attrs=DATE, format="%Y-%m-%d")
            for name in ("started_on", "ended_on", "opened_on", "due_on")
        }
        help_texts = {
            "opened_on": gettext_lazy("The day the Department was notified."),
            "started_on": gettext_lazy("For an action announced in advance, the day it is to start."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The establishment and the union come from registers a country may not use.
        for field, module in (("workplace", "workplaces"), ("union", "unions")):
            if not module_enabled_here(module):
                del self.fields[field]
        suggested = self.instance.days_not_worked_suggested if self.instance.pk else None
        if suggested is not None and self.instance.days_not_worked is None:
            self.fields["days_not_worked"].help_text = _(
                "Suggested: %(days)s (%(workers)d workers × %(working_days)d working days%(so_far)s). "
                "Enter the figure the parties or the inspection report if it differs."
            ) % {
                "days": suggested.days,
                "workers": suggested.workers,
                "working_days": suggested.working_days,
                "so_far": _(", so far") if suggested.so_far else "",
            }
