from django.db.models import Q, QuerySet
from django.utils import timezone

from modules.indicators.models import Agency, AgencyMember, Indicator, Observation, SubmissionUpload


def observations_public(now=None) -> QuerySet[Observation]:
    """The values the public may see: approved with their embargo over, and the values being revised
    (whose earlier value stays public until the revision is: see public_value). Every public page,
    download and API reads through this, so nothing unpublished ever reaches them."""
    now = now or timezone.now()
    published = Q(state=Observation.State.APPROVED, publish_at__lte=now)
    being_revised = Q(previous_value__isnull=False) & ~published
    return Observation.objects.filter(published | being_revised).select_related("indicator")


def public_value(observation: Observation, now=None):
    """What the public sees of a value from observations_public(): the value once published, the value
    it revises while the revision waits (for approval or for its embargo)."""
    if observation.is_public(now or timezone.now()):
        return observation.value
    return observation.previous_value


def observations_waiting() -> QuerySet[Observation]:
    """The values waiting for approval, oldest period first."""
    return Observation.objects.filter(state=Observation.State.SUBMITTED).select_related("indicator")


def agency_of(user) -> Agency | None:
    """The agency the user submits for (none for anyone but its submitters)."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "pk", None):
        return None
    member = AgencyMember.objects.filter(user_id=user.pk).select_related("agency").first()
    return member.agency if member is not None else None


def indicators_submittable(agency: Agency | None) -> QuerySet[Indicator]:
    """The indicators whose values the agency submits: its own in the package, not computed."""
    if agency is None:
        return Indicator.objects.none()
    return Indicator.objects.filter(agency=agency, active=True, computed_from=[])


def observations_submitted_for(agency: Agency) -> QuerySet[Observation]:
    """What the agency's submitters submitted, the latest period first."""
    return (
        Observation.objects.filter(indicator__agency=agency, origin=Observation.Origin.SUBMITTED)
        .select_related("indicator")
        .order_by("-period", "indicator__code", "key")
    )


def observations_vetted(
    *, indicator=None, agency=None, period: str = "", state: str = ""
) -> QuerySet[Observation]:
    """The values an LMIS administrator decides on, as filtered on the values page."""
    qs = Observation.objects.select_related("indicator", "indicator__agency").order_by(
        "indicator__code", "-period", "key"
    )
    if indicator is not None:
        qs = qs.filter(indicator=indicator)
    if agency is not None:
        qs = qs.filter(indicator__agency=agency)
    if period:
        qs = qs.filter(period=period)
    if state:
        qs = qs.filter(state=state)
    return qs


def submission_uploads_of(user) -> QuerySet[SubmissionUpload]:
    """The files of values the user uploaded to be checked in the background, the latest first."""
    return SubmissionUpload.objects.filter(uploaded_by_id=user.pk).select_related("indicator")


def submission_uploads_visible_to(user) -> QuerySet[SubmissionUpload]:
    """The files of values whose page the user may see: their own, or any of the country's for those
    who keep its indicator package. Anyone else is answered that the page does not exist."""
    if user.has_perm("indicators.change_indicator"):
        return SubmissionUpload.objects.select_related("indicator")
    return submission_uploads_of(user)
