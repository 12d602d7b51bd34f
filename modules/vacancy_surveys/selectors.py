from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Sum

from modules.employers.models import Employer
from modules.reference.selectors import code_text
from modules.vacancy_surveys.models import ResponseLine, SampledEmployer, SurveyResponse, SurveyRound


@dataclass(frozen=True)
class ResponseRate:
    sampled: int
    responded: int

    @property
    def percent(self) -> Decimal | None:
        """Responses per hundred employers asked, to one decimal; none without a sample."""
        if not self.sampled:
            return None
        return (Decimal(100 * self.responded) / self.sampled).quantize(Decimal("0.1"), ROUND_HALF_UP)


def rounds_listed() -> QuerySet[SurveyRound]:
    """Rounds with how many employers responded (the sample's size is kept on the round)."""
    return SurveyRound.objects.annotate(responded=Count("responses"))


def round_response_rate(round: SurveyRound) -> ResponseRate:
    return ResponseRate(
        sampled=SampledEmployer.objects.filter(round=round).count(),
        responded=SurveyResponse.objects.filter(round=round).count(),
    )


def response_rate_of(listed: SurveyRound) -> ResponseRate:
    """The response rate of a round read from rounds_listed() (no further query)."""
    return ResponseRate(sampled=listed.sample_size, responded=listed.responded)


def responses_listed(round: SurveyRound) -> QuerySet[SurveyResponse]:
    """A round's responses with their employer and their lines added up (for the list and its sort)."""
    return (
        SurveyResponse.objects.filter(round=round)
        .select_related("employer__district", "employer__isic")
        .defer(*code_text("employer__district", "employer__isic"))
        .annotate(
            total_vacancies=Sum("lines__vacancies"),
            total_hard_to_fill=Sum("lines__hard_to_fill"),
            occupations=Count("lines"),
        )
    )


def response_lines_exported(round: SurveyRound) -> QuerySet[SurveyResponse]:
    """A round's responses once per line (and once with no line values for a response without vacancies):
    what a spreadsheet of the round's answers needs."""
    return (
        SurveyResponse.objects.filter(round=round)
        .select_related("employer__district", "employer__isic")
        .defer(*code_text("employer__district", "employer__isic"))
        .annotate(
            line_occupation=F("lines__occupation__code"),
            line_occupation_title=F("lines__occupation__title"),
            line_vacancies=F("lines__vacancies"),
            line_hard_to_fill=F("lines__hard_to_fill"),
            line_expected=F("lines__expected_next_12_months"),
        )
    )


def response_with_lines(pk: int) -> QuerySet[SurveyResponse]:
    lines = ResponseLine.objects.select_related("occupation").defer(*code_text("occupation"))
    return (
        SurveyResponse.objects.select_related("round", "employer")
        .prefetch_related(Prefetch("lines", queryset=lines))
        .filter(pk=pk)
    )


def lines_of(round: SurveyRound) -> QuerySet[ResponseLine]:
    return ResponseLine.objects.filter(response__round=round)


def sample_of(round: SurveyRound) -> QuerySet[Employer]:
    """The employers asked in the round, each marked whether it has responded."""
    answered = SurveyResponse.objects.filter(round=round, employer=OuterRef("pk"))
    return (
        Employer.objects.filter(pk__in=SampledEmployer.objects.filter(round=round).values("employer"))
        .select_related("district", "isic")
        .defer(*code_text("district", "isic"))
        .annotate(responded=Exists(answered))
    )


def employers_to_sample(round: SurveyRound) -> QuerySet[Employer]:
    """Employers of the register in business and not asked in the round yet: whom the sample can add."""
    return (
        Employer.objects.filter(active=True)
        .exclude(pk__in=SampledEmployer.objects.filter(round=round).values("employer"))
        .select_related("district", "isic")
        .defer(*code_text("district", "isic"))
    )


def employers_to_answer(round: SurveyRound, response: SurveyResponse | None = None) -> QuerySet[Employer]:
    """Employers asked in the round who have not responded yet (and the response's own employer)."""
    answered = SurveyResponse.objects.filter(round=round)
    if response is not None and response.pk:
        answered = answered.exclude(pk=response.pk)
    return Employer.objects.filter(
        Q(pk__in=SampledEmployer.objects.filter(round=round).values("employer"))
        & ~Q(pk__in=answered.values("employer"))
    ).order_by("name")
