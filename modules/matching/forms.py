from django import forms
from django.utils.translation import gettext_lazy as _

from clmis.records.forms import VersionedModelForm
from modules.job_seekers.models import JobSeeker
from modules.matching.models import JobReferral
from modules.vacancies.models import Vacancy

DATE = {"type": "date"}


class ReferralForm(VersionedModelForm):
    """A referral made by hand (the ranked lists refer with one button): the job seeker and the vacancy
    by their numbers. Once made, only the follow-up details change; who and where stay."""

    job_seeker = forms.CharField(
        label=_("Job seeker"), max_length=40, help_text=_("The registration number, e.g. JS-00012/2026.")
    )
    vacancy = forms.CharField(
        label=_("Vacancy"), max_length=40, help_text=_("The vacancy's reference number, e.g. VAC-00031/2026.")
    )

    class Meta:
        model = JobReferral
        fields = ["job_seeker", "vacancy", "interview_on", "interview_place", "notes"]
        widgets = {"interview_on": forms.DateInput(attrs=DATE, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["job_seeker"], self.fields["vacancy"]
        else:
            del self.fields["interview_on"], self.fields["interview_place"]

    def clean_job_seeker(self) -> JobSeeker:
        reference = self.cleaned_data["job_seeker"].strip()
        job_seeker = JobSeeker.objects.filter(reference__iexact=reference).first()
        if job_seeker is None:
            raise forms.ValidationError(
                _("No job seeker is registered as %(reference)s.") % {"reference": reference}
            )
        return job_seeker

    def clean_vacancy(self) -> Vacancy:
        reference = self.cleaned_data["vacancy"].strip()
        vacancy = Vacancy.objects.filter(reference__iexact=reference).first()
        if vacancy is None:
            raise forms.ValidationError(
                _("No vacancy is registered as %(reference)s.") % {"reference": reference}
            )
        return vacancy

    def _get_validation_exclusions(self):
        # The service checks the pair (active, open, not referred before) and says why in words.
        return {*super()._get_validation_exclusions(), "job_seeker", "referred_to"}

    def values(self) -> dict:
        values = super().values()
        if "vacancy" in self.fields:
            values["vacancy"] = self.cleaned_data["vacancy"]
        return values


class PlacementForm(forms.Form):
    placed_on = forms.DateField(
        label=_("Started the job on"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class PlacementCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the placement is cancelled"), widget=forms.Textarea(attrs={"rows": 3}), max_length=500
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReferForm(forms.Form):
    """One button of a ranked list: refer this job seeker to this vacancy."""

    job_seeker = forms.IntegerField(widget=forms.HiddenInput)
    vacancy = forms.IntegerField(widget=forms.HiddenInput)
