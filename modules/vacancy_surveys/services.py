"""Every change to the vacancy surveys goes through these functions.

A round is planned (its title, dates and the employers asked), opened by a supervisor, answered by the
employers while it is open (an officer records each response with its lines), and closed by a
supervisor; a closed round is read-only until a supervisor reopens it, saying why. Each step is a
versioned, audited save (`record_save`); why a record and not a case: see
`modules.vacancy_surveys.models.SurveyRound`.
"""

from collections.abc import Iterable, Mapping, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clmis.accounts.actors import actor_label
from clmis.audit.context import acting
from clmis.records.locking import record_save
from modules.employers.models import Employer
from modules.reference.models import Code
from modules.vacancy_surveys.models import (
    ResponseLine,
    RoundStatus,
    SampledEmployer,
    SurveyResponse,
    SurveyRound,
)

OPEN_CLOSE = "vacancy_surveys.open_surveyround"
# Changed by opening, closing and reopening, or by the sample services: never by an edit.
STATUS_FIELDS = ("status", "reopen_reason", "sample_size")
LINE_FIELDS = ("occupation", "vacancies", "hard_to_fill", "expected_next_12_months")


@transaction.atomic
def round_save(
    *, round: SurveyRound | None = None, values: Mapping[str, object], version: int | None, by
) -> SurveyRound:
    """Plan a new round or change one; a closed round is read-only (a supervisor reopens it first)."""
    values = {name: value for name, value in values.items() if name not in STATUS_FIELDS}
    if round is not None and round.pk is not None:
        _check_not_closed(_locked(round))
    return record_save(round or SurveyRound(), values=values, version=version, by=by)


@transaction.atomic
def round_open(*, round: SurveyRound, version: int | None, by) -> SurveyRound:
    """A supervisor opens a planned round: responses can be recorded from now on."""
    _check_may_open_and_close(by)
    current = _locked(round)
    if current.status != RoundStatus.PLANNED:
        raise ValidationError({"status": _("Only a planned round can be opened.")})
    if current.sample_size == 0:
        raise ValidationError({"sample": _("Choose the employers to ask before opening the round.")})
    return record_save(round, values={"status": RoundStatus.OPEN}, version=version, by=by)


@transaction.atomic
def round_close(*, round: SurveyRound, version: int | None, by) -> SurveyRound:
    """A supervisor closes an open round: its responses and results are final, and read-only."""
    _check_may_open_and_close(by)
    if _locked(round).status != RoundStatus.OPEN:
        raise ValidationError({"status": _("Only an open round can be closed.")})
    return record_save(round, values={"status": RoundStatus.CLOSED}, version=version, by=by)


@transaction.atomic
def round_reopen(*, round: SurveyRound, reason: str, version: int | None, by) -> SurveyRound:
    """A supervisor opens a closed round again (a late response, a correction), saying why."""
    _check_may_open_and_close(by)
    if _locked(round).status != RoundStatus.CLOSED:
        raise ValidationError({"status": _("Only a closed round can be reopened.")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the round is reopened: it is kept in its history.")})
    values = {"status": RoundStatus.OPEN, "reopen_reason": reason[:500]}
    return record_save(round, values=values, version=version, by=by)


@transaction.atomic
def round_sample_add(*, round: SurveyRound, employers: Iterable[Employer], by) -> int:
    """Add employers of the register to the round's sample (those already in it are left as they are);
    returns how many were added. Not in a closed round."""
    current = _locked(round)
    _check_not_closed(current)
    wanted = {employer.pk for employer in employers}
    already = set(SampledEmployer.objects.filter(round=round).values_list("employer_id", flat=True))
    added = sorted(wanted - already)
    if not added:
        return 0
    SampledEmployer.objects.bulk_create(SampledEmployer(round=round, employer_id=pk) for pk in added)
    _sample_size_save(round, current.version, by)
    return len(added)


@transaction.atomic
def round_sample_remove(*, round: SurveyRound, employers: Iterable[Employer], by) -> int:
    """Take employers out of the round's sample; returns how many were. Refused for an employer who has
    responded (its response would count without having been asked), and in a closed round."""
    current = _locked(round)
    _check_not_closed(current)
    wanted = {employer.pk for employer in employers}
    responded = sorted(
        SurveyResponse.objects.filter(round=round, employer_id__in=wanted).values_list(
            "employer__name", flat=True
        )
    )
    if responded:
        raise ValidationError(
            {
                "sample": _("%(employers)s responded in this round: they stay in its sample.")
                % {"employers": ", ".join(responded)}
            }
        )
    removed, _counts = SampledEmployer.objects.filter(round=round, employer_id__in=wanted).delete()
    if removed:
        _sample_size_save(round, current.version, by)
    return removed


@transaction.atomic
def response_save(
    *,
    round: SurveyRound,
    response: SurveyResponse | None = None,
    values: Mapping[str, object],
    version: int | None,
    by,
) -> SurveyResponse:
    """Record an employer's response with its lines, or change one; all of it is saved, or nothing.

    `values` may hold `lines`: every line the response has from now on, each a mapping of occupation,
    vacancies, hard_to_fill and expected_next_12_months. A line of an occupation the response had is
    changed, one of a new occupation added, and the response's other lines deleted; without `lines` the
    lines stay as they are. Refused: a round that is not open, an employer not asked in the round or
    who has responded already, a date outside the round or in the future, an occupation twice, a
    negative number, more hard-to-fill vacancies than vacancies, a stale edit.
    """
    values = dict(values)
    lines = values.pop("lines", None)
    values.pop("lines_summary", None)
    current = _locked(round)
    if current.status != RoundStatus.OPEN:
        raise ValidationError(
            {
                "round": _("The round is closed: its responses can no longer be changed.")
                if current.status == RoundStatus.CLOSED
                else _("The round is not open yet: responses are recorded once a supervisor opens it.")
            }
        )
    if response is not None and response.round_id != round.pk:
        raise ValidationError({"round": _("This response belongs to another round.")})
    if lines is not None:
        _check_lines(lines)
    with acting(actor_label(by)):
        existing = {line.occupation_id: line for line in response.lines.all()} if response else {}
        if lines is not None:
            values["lines_summary"] = "; ".join(_line_summary(line) for line in _sorted(lines))
        saved = record_save(response or SurveyResponse(round=round), values=values, version=version, by=by)
        if lines is not None:
            _lines_replace(saved, existing, lines, by)
        return saved


def _lines_replace(response: SurveyResponse, existing: dict, lines: Sequence[Mapping], by) -> None:
    errors = []
    kept = set()
    for number, line_values in enumerate(lines, start=1):
        occupation = line_values["occupation"]
        kept.add(occupation.pk)
        line = existing.get(occupation.pk)
        values = {name: line_values.get(name) for name in LINE_FIELDS}
        values["hard_to_fill"] = values["hard_to_fill"] or 0
        if line is not None and all(getattr(line, name) == value for name, value in values.items()):
            continue
        try:
            record_save(
                line or ResponseLine(response=response),
                values=values,
                version=line.version if line else None,
                by=by,
            )
        except ValidationError as error:
            errors.extend(
                _("Line %(number)s (%(occupation)s): %(problem)s")
                % {"number": number, "occupation": occupation.code, "problem": message}
                for message in error.messages
            )
    if errors:
        raise ValidationError({"lines": errors})
    for occupation_pk, line in existing.items():
        if occupation_pk not in kept:
            line.delete()


def _check_lines(lines: Sequence[Mapping]) -> None:
    """Each line of an ISCO-08 unit group, and each occupation once."""
    errors, seen = [], set()
    for number, line in enumerate(lines, start=1):
        occupation = line.get("occupation")
        if (
            not isinstance(occupation, Code)
            or occupation.classification.key != "isco08"
            or occupation.level != 4
        ):
            errors.append(
                _("Line %(number)s: choose an occupation of ISCO-08 (a 4-digit unit group).")
                % {"number": number}
            )
        elif occupation.pk in seen:
            errors.append(
                _("Line %(number)s: %(occupation)s is on an earlier line; give each occupation one line.")
                % {"number": number, "occupation": occupation.code}
            )
        else:
            seen.add(occupation.pk)
    if errors:
        raise ValidationError({"lines": errors})


def _sorted(lines: Sequence[Mapping]) -> list[Mapping]:
    return sorted(lines, key=lambda line: line["occupation"].code)


def _line_summary(values: Mapping) -> str:
    line = ResponseLine(**{name: values.get(name) for name in LINE_FIELDS})
    line.hard_to_fill = line.hard_to_fill or 0
    return line.summary()


def _sample_size_save(round: SurveyRound, version: int, by) -> None:
    """The new size of the sample, saved on the stored round (the caller's copy may be older), then
    passed on to the caller's copy."""
    stored = SurveyRound.objects.get(pk=round.pk)
    size = SampledEmployer.objects.filter(round=round).count()
    record_save(stored, values={"sample_size": size}, version=version, by=by)
    round.sample_size, round.version = stored.sample_size, stored.version


def _locked(round: SurveyRound) -> SurveyRound:
    """The stored round, locked until the transaction ends: its status cannot change under us."""
    return SurveyRound.objects.select_for_update().only("status", "version", "sample_size").get(pk=round.pk)


def _check_not_closed(round: SurveyRound) -> None:
    if round.status == RoundStatus.CLOSED:
        raise ValidationError(
            {"status": _("The round is closed and cannot be changed: a supervisor reopens it first.")}
        )


def _check_may_open_and_close(by) -> None:
    if by is None or not by.has_perm(OPEN_CLOSE):
        raise PermissionDenied(_("Only a supervisor can open, close or reopen a survey round."))
