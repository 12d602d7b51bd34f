from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clmis.audit.history import audited
from modules.casework.models import Case
from modules.casework.workflow import State, Transition, Workflow
from modules.job_seekers.models import JobSeeker
from modules.vacancies.models import Vacancy


class NotHired(models.TextChoices):
    NOT_SELECTED = "not_selected", _("Not selected by the employer")
    DID_NOT_ATTEND = "did_not_attend", _("Did not attend the interview")
    DECLINED = "declined", _("Declined the offer")


class JobReferral(Case):
    """A job seeker referred to an employer for a vacancy: the interview, and how it ended.

    The placement closes the loop: the job seeker is placed and one post of the vacancy is filled, by
    those modules' services (referral_place), so a placement is never recorded on one side only.
    """

    job_seeker = models.ForeignKey(
        JobSeeker, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("job seeker")
    )
    # Not "vacancy": every case already has that name, the way down to a case that is a vacancy.
    referred_to = models.ForeignKey(
        Vacancy, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("vacancy")
    )
    # How well the job seeker matched when referred, and why: kept as it was then, for the record.
    score = models.PositiveSmallIntegerField(_("score"), default=0)
    explanation = models.CharField(_("why they match"), max_length=500, blank=True)
    interview_on = models.DateField(_("interview on"), null=True, blank=True)
    interview_place = models.CharField(_("place of the interview"), max_length=200, blank=True)
    not_hired = models.CharField(_("why not hired"), max_length=16, choices=NotHired.choices, blank=True)
    placed_on = models.DateField(
        _("placed on"), null=True, blank=True, help_text=_("The day the job seeker starts the job.")
    )
    notes = models.TextField(_("notes"), blank=True)
    history = audited()

    type_code = "REF"
    default_pattern = "REF-{seq:05}/{yyyy}"
    workflow = Workflow(
        states=(
            State("referred", pgettext_lazy("referral status", "Referred")),
            State("interview", _("Interview arranged")),
            State("placed", _("Placed"), closed=True),
            State("not_hired", _("Not hired"), closed=True),
            State("withdrawn", _("Withdrawn"), closed=True),
        ),
        transitions=(
            Transition(
                "arrange_interview",
                _("Arrange an interview"),
                ("referred", "interview"),
                "interview",
                "matching.change_jobreferral",
                required=("interview_on",),
                optional=("interview_place",),
            ),
            Transition(
                "record_not_hired",
                _("Record not hired"),
                ("referred", "interview"),
                "not_hired",
                "matching.change_jobreferral",
                required=("not_hired",),
                optional=("notes",),
            ),
            Transition(
                "withdraw",
                _("Withdraw the referral"),
                ("referred", "interview"),
                "withdrawn",
                "matching.change_jobreferral",
                optional=("notes",),
            ),
            # Taken by referral_place / referral_placement_cancel only: they place the job seeker and
            # fill a post of the vacancy (or undo both) in the same transaction.
            Transition(
                "place",
                _("Record the placement"),
                ("referred", "interview"),
                "placed",
                "matching.change_jobreferral",
                required=("placed_on",),
                automatic=True,
            ),
            Transition(
                "cancel_placement",
                _("Cancel the placement"),
                ("placed",),
                "referred",
                "matching.cancel_placement",
                automatic=True,
            ),
        ),
        initial="referred",
    )

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        permissions = [
            ("assign_jobreferral", _("Can assign referrals")),
            ("cancel_placement", _("Can cancel a placement recorded by mistake")),
            ("export_jobreferral", _("Can export referrals and placements to Excel")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["job_seeker", "referred_to"],
                name="referral_once_per_vacancy",
                violation_error_message=_("This job seeker has been referred to this vacancy already."),
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse("matching:detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        errors = {}
        today = timezone.localdate()
        if self.opened_on and self.referred_to_id and self.opened_on < self.referred_to.opened_on:
            errors["opened_on"] = _("A job seeker cannot be referred before the vacancy was registered.")
        elif self.opened_on and self.job_seeker_id and self.opened_on < self.job_seeker.opened_on:
            errors["opened_on"] = _("A job seeker cannot be referred before they registered.")
        if self.interview_on and self.opened_on and self.interview_on < self.opened_on:
            errors["interview_on"] = _("An interview cannot be before the referral.")
        if self.placed_on and self.opened_on and self.placed_on < self.opened_on:
            errors["placed_on"] = _("A placement cannot start before the referral.")
        elif self.placed_on and self.placed_on > today:
            errors["placed_on"] = _("Record a placement once the job seeker has started the job.")
        if errors:
            raise ValidationError(errors)
        # What belongs to another ending is cleared: it stays in the history.
        if self.status != "placed":
            self.placed_on = None
        if self.status != "not_hired":
            self.not_hired = ""

    def letter_context(self) -> dict:
        job_seeker, vacancy = self.job_seeker, self.referred_to
        return {
            **super().letter_context(),
            "job_seeker": job_seeker.full_name,
            "job_seeker_reference": job_seeker.reference,
            "employer": vacancy.employer.name,
            "employer_address": vacancy.employer.address,
            "vacancy": vacancy.reference,
            "job_title": vacancy.title,
            "interview_on": self.interview_on,
            "interview_place": self.interview_place,
        }
