from django.db import models
from django.urls import reverse

from clmis.audit.history import audited
from modules.casework.models import Case
from modules.casework.workflow import State, Transition, Workflow


class Grievance(Case):
    complainant = models.CharField("complainant", max_length=200)
    amount_claimed = models.DecimalField(
        "amount claimed", max_digits=12, decimal_places=2, null=True, blank=True
    )
    outcome = models.CharField("outcome", max_length=200, blank=True)
    history = audited()

    type_code = "GRV"
    default_pattern = "{seq:05}/{yyyy}"
    workflow = Workflow(
        states=(
            State("received", "Received"),
            State("investigating", "Under investigation"),
            State("settled", "Settled", closed=True),
            State("withdrawn", "Withdrawn", closed=True),
        ),
        transitions=(
            Transition(
                "investigate",
                "Start investigation",
                ("received",),
                "investigating",
                "grievances.change_grievance",
            ),
            Transition(
                "settle",
                "Settle",
                ("investigating",),
                "settled",
                "grievances.settle_grievance",
                required=("outcome",),
            ),
            Transition(
                "withdraw",
                "Withdraw",
                ("received", "investigating"),
                "withdrawn",
                "grievances.change_grievance",
            ),
            # Taken by the platform itself (a grievance left unanswered too long), or by a supervisor.
            Transition(
                "close_unanswered",
                "Close unanswered",
                ("investigating",),
                "withdrawn",
                "grievances.settle_grievance",
                system=True,
            ),
        ),
        initial="received",
    )

    class Meta:
        permissions = [
            ("assign_grievance", "Can assign grievances"),
            ("settle_grievance", "Can settle grievances"),
        ]

    def get_absolute_url(self) -> str:
        return reverse("grievances:detail", args=[self.pk])

    def letter_context(self) -> dict:
        return {
            **super().letter_context(),
            "complainant": self.complainant,
            "amount_claimed": self.amount_claimed,
        }
