"""How well a job seeker and a vacancy match: a score out of 100, from parts people can check.

- occupation, 40: an occupation sought (or worked in) is the vacancy's ISCO unit group; 30 the same
  minor group, 20 the same sub-major group, 10 the same major group;
- skills, 15, and languages, 10: the share of those the vacancy asks for that the job seeker has;
- education, 10: at least the level asked for (5 one level below);
- experience, 10: at least the years asked for (5 at least half of them);
- place, 10: the same district or one the job seeker would work in (8 any district, 5 willing to
  move);
- availability, 5: available by the start (3), and the hours wanted (2).

A part the vacancy asks nothing about gives its full points. Job seekers outside the vacancy's ISCO
major group are not candidates at all.

The parts are computed by the database, in the same query that ranks (one query for 100,000 job
seekers), and kept beside each row: the explanation is written from those same figures, so what a
person reads is always what the ranking used. The same part expressions rank vacancies for a job
seeker, with the sides swapped: what is a column on one side is a value on the other.
"""

from dataclasses import dataclass

from django.contrib.postgres.fields import ArrayField
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.functions import Cast, Round
from django.db.models.lookups import GreaterThan, GreaterThanOrEqual
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from modules.reference.tables import EDUCATION_ORDER

WEIGHTS = {
    "occupation": 40,
    "skills": 15,
    "languages": 10,
    "education": 10,
    "experience": 10,
    "place": 10,
    "availability": 5,
}
# Points of a place level (see PLACE_*).
PLACE_POINTS = {5: 10, 4: 10, 3: 10, 2: 8, 1: 5, 0: 0}
PLACE_NOT_GIVEN, PLACE_SAME, PLACE_PREFERRED, PLACE_ANYWHERE, PLACE_WILL_MOVE, PLACE_OTHER = 5, 4, 3, 2, 1, 0


def codes(values) -> Value:
    """A list of codes as an SQL array value."""
    return Value(list(values), output_field=ArrayField(CharField()))


class OccupationCloseness(Func):
    """How close the nearest of some ISCO-08 unit groups is to one unit group: 4 the same, 3 the same
    minor group (first three digits), 2 sub-major (two), 1 major (one), 0 none."""

    output_field = IntegerField()
    template = (
        "(SELECT coalesce(max(CASE WHEN o = c THEN 4 WHEN left(o, 3) = left(c, 3) THEN 3 "
        "WHEN left(o, 2) = left(c, 2) THEN 2 WHEN left(o, 1) = left(c, 1) THEN 1 ELSE 0 END), 0) "
        "FROM unnest(%(left)s) AS o, (SELECT (%(right)s)::text AS c) AS wanted)"
    )

    def as_sql(self, compiler, connection, **extra_context):
        return _two_sided(self, compiler)


class InCommon(Func):
    """How many codes two arrays of codes share."""

    output_field = IntegerField()
    template = "cardinality(ARRAY(SELECT unnest(%(left)s) INTERSECT SELECT unnest(%(right)s)))"

    def as_sql(self, compiler, connection, **extra_context):
        return _two_sided(self, compiler)


def _two_sided(function: Func, compiler) -> tuple[str, tuple]:
    """A template naming its two expressions once each, in the order their parameters go."""
    (left, left_params), (right, right_params) = map(compiler.compile, function.source_expressions)
    return function.template % {"left": left, "right": right}, (*left_params, *right_params)


class Cardinality(Func):
    function = "cardinality"
    output_field = IntegerField()


class Item(Func):
    """The item of an array at a position (the first is 1)."""

    output_field = IntegerField()
    template = "(%(left)s)[%(right)s]"

    def as_sql(self, compiler, connection, **extra_context):
        return _two_sided(self, compiler)


def education_rank(code) -> Func:
    """The place of an education level in ISCED order (1 for no schooling ... 10 for doctoral), null
    for none recorded."""
    return Func(codes(EDUCATION_ORDER), code, function="array_position", output_field=IntegerField())


def _rank(level) -> int | None:
    """education_rank() of a level at hand."""
    return EDUCATION_ORDER.index(level.code) + 1 if level is not None else None


# --- points of each part, from the figures a query annotated (whichever side they come from) ---------


def _share_points(matched: str, asked: str, weight: int) -> Case:
    """The weight when nothing is asked; otherwise the share of what is asked that is there."""
    share = ExpressionWrapper(Cast(F(matched), FloatField()) * weight / F(asked), output_field=FloatField())
    return Case(
        When(GreaterThan(F(asked), 0), then=Cast(Round(share), IntegerField())),
        default=Value(weight),
        output_field=IntegerField(),
    )


def _score(annotated):
    """Add the points of every part and their total to a queryset annotated with the parts' figures:
    occupation_level, skills_matched/asked, languages_matched/asked, education_rank/asked,
    experience_months/asked, place, available, hours_fit."""
    return annotated.annotate(
        occupation_points=ExpressionWrapper(F("occupation_level") * 10, output_field=IntegerField()),
        skills_points=_share_points("skills_matched", "skills_asked", WEIGHTS["skills"]),
        languages_points=_share_points("languages_matched", "languages_asked", WEIGHTS["languages"]),
        education_points=Case(
            When(education_asked__isnull=True, then=Value(10)),
            When(GreaterThanOrEqual(F("education_rank"), F("education_asked")), then=Value(10)),
            When(GreaterThanOrEqual(F("education_rank"), F("education_asked") - 1), then=Value(5)),
            default=Value(0),
            output_field=IntegerField(),
        ),
        experience_points=Case(
            When(Q(experience_asked__isnull=True) | Q(experience_asked=0), then=Value(10)),
            When(GreaterThanOrEqual(F("experience_months"), F("experience_asked")), then=Value(10)),
            When(GreaterThanOrEqual(F("experience_months") * 2, F("experience_asked")), then=Value(5)),
            default=Value(0),
            output_field=IntegerField(),
        ),
        # The place named once: a CASE over its levels would repeat the place's subqueries in the SQL
        # once per level, and the score repeats whatever the points repeat.
        place_points=Item(
            Value(
                [PLACE_POINTS[level] for level in sorted(PLACE_POINTS)],
                output_field=ArrayField(IntegerField()),
            ),
            F("place") + 1,
        ),
        availability_points=ExpressionWrapper(
            Case(When(available=True, then=Value(3)), default=Value(0))
            + Case(When(hours_fit=True, then=Value(2)), default=Value(0)),
            output_field=IntegerField(),
        ),
    ).annotate(
        score=ExpressionWrapper(
            F("occupation_points")
            + F("skills_points")
            + F("languages_points")
            + F("education_points")
            + F("experience_points")
            + F("place_points")
            + F("availability_points"),
            output_field=IntegerField(),
        )
    )


def _boolean(condition) -> Case:
    if isinstance(condition, bool):
        return Value(condition, output_field=BooleanField())
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def job_seekers_scored(job_seekers, vacancy, *, today):
    """Job seekers (a queryset) with each part's figures and points and the score for this vacancy."""
    through = job_seekers.model.preferred_districts.through
    if vacancy.district_id is None:
        place = Value(PLACE_NOT_GIVEN)
    else:
        # Lists of job seekers that do not depend on the row: the database hashes each once a query. An
        # EXISTS per row is planned and costed per row, which at 100,000 job seekers had PostgreSQL
        # JIT-compile the query for seconds.
        preferring = through.objects.values("jobseeker_id")
        place = Case(
            When(Q(district_id=vacancy.district_id), then=Value(PLACE_SAME)),
            When(Q(pk__in=preferring.filter(code_id=vacancy.district_id)), then=Value(PLACE_PREFERRED)),
            When(~Q(pk__in=preferring), then=Value(PLACE_ANYWHERE)),
            When(Q(willing_to_relocate=True), then=Value(PLACE_WILL_MOVE)),
            default=Value(PLACE_OTHER),
        )
    start = max(today, vacancy.starts_on or today)
    annotated = job_seekers.annotate(
        occupation_level=OccupationCloseness(F("match_occupations"), Value(vacancy.occupation.code)),
        skills_matched=InCommon(F("match_skills"), codes(vacancy.match_skills)),
        skills_asked=Value(len(vacancy.match_skills)),
        languages_matched=InCommon(F("match_languages"), codes(vacancy.match_languages)),
        languages_asked=Value(len(vacancy.match_languages)),
        education_rank=education_rank(F("education_level__code")),
        education_asked=Value(_rank(vacancy.education_level), output_field=IntegerField()),
        experience_asked=Value(
            vacancy.experience_years * 12 if vacancy.experience_years else None, output_field=IntegerField()
        ),
        place=ExpressionWrapper(place, output_field=IntegerField()),
        available=_boolean(Q(available_from__isnull=True) | Q(available_from__lte=start)),
        hours_fit=_boolean(Q(hours__in=("either", vacancy.hours))),
    )
    return _score(annotated)


def vacancies_scored(vacancies, job_seeker, *, today):
    """Vacancies (a queryset) with each part's figures and points and the score for this job seeker."""
    preferred = list(job_seeker.preferred_districts.values_list("pk", flat=True))
    same = Q(district_id=job_seeker.district_id) if job_seeker.district_id else Q(pk__in=[])
    place_levels = [
        When(Q(district_id__isnull=True), then=Value(PLACE_NOT_GIVEN)),
        When(same, then=Value(PLACE_SAME)),
        When(Q(district_id__in=preferred), then=Value(PLACE_PREFERRED)),
    ]
    fallback = PLACE_OTHER
    if not preferred:
        fallback = PLACE_ANYWHERE
    elif job_seeker.willing_to_relocate:
        fallback = PLACE_WILL_MOVE
    available_from = job_seeker.available_from
    if available_from is None or available_from <= today:
        available = True
    else:
        available = Q(starts_on__gte=available_from)
    annotated = vacancies.annotate(
        occupation_level=OccupationCloseness(codes(job_seeker.match_occupations), F("occupation__code")),
        skills_matched=InCommon(codes(job_seeker.match_skills), F("match_skills")),
        skills_asked=Cardinality(F("match_skills")),
        languages_matched=InCommon(codes(job_seeker.match_languages), F("match_languages")),
        languages_asked=Cardinality(F("match_languages")),
        education_rank=Value(_rank(job_seeker.education_level), output_field=IntegerField()),
        education_asked=education_rank(F("education_level__code")),
        experience_months=Value(job_seeker.experience_months),
        experience_asked=ExpressionWrapper(F("experience_years") * 12, output_field=IntegerField()),
        place=Case(*place_levels, default=Value(fallback), output_field=IntegerField()),
        available=_boolean(available),
        hours_fit=_boolean(True if job_seeker.hours == "either" else Q(hours=job_seeker.hours)),
    )
    return _score(annotated)


@dataclass(frozen=True)
class Match:
    """A job seeker and a vacancy, the score, its points part by part, and the same in words."""

    job_seeker: object
    vacancy: object
    score: int
    points: dict[str, int]
    reasons: tuple[str, ...]

    @property
    def explanation(self) -> str:
        return "; ".join(self.reasons)


def match_from(row, *, job_seeker, vacancy) -> Match:
    """The match of a row scored by job_seekers_scored or vacancies_scored."""
    points = {part: getattr(row, f"{part}_points") for part in WEIGHTS}
    return Match(job_seeker, vacancy, row.score, points, match_reasons(row, vacancy.occupation.code))


def match_reasons(row, occupation_code: str) -> tuple[str, ...]:
    """Why a row scored what it did, part by part, from the figures the query computed: what a person
    checks before referring someone ("same unit group 2221; 2 of 3 skills; other district, willing to
    move"). A part the vacancy asks nothing about says nothing."""
    reasons = [_occupation_reason(row.occupation_level, occupation_code)]
    if row.skills_asked:
        reasons.append(_("%(matched)d of %(asked)d skills") % _figures(row.skills_matched, row.skills_asked))
    if row.languages_asked:
        reasons.append(
            _("%(matched)d of %(asked)d languages") % _figures(row.languages_matched, row.languages_asked)
        )
    if row.education_asked is not None:
        reasons.append(_education_reason(row.education_rank, row.education_asked))
    if row.experience_asked:
        reasons.append(
            _("%(has)s of experience, %(asked)s asked")
            % {"has": _years(row.experience_months), "asked": _years(row.experience_asked)}
        )
    place = _place_reason(row.place)
    if place:
        reasons.append(place)
    if not row.available:
        reasons.append(_("not available by the start"))
    if not row.hours_fit:
        reasons.append(_("wants other hours"))
    return tuple(reasons)


def _figures(matched: int, asked: int) -> dict:
    return {"matched": matched, "asked": asked}


def _occupation_reason(level: int, code: str) -> str:
    return {
        4: _("same unit group %(code)s"),
        3: _("same minor group %(code)s"),
        2: _("same sub-major group %(code)s"),
        1: _("same major group %(code)s"),
    }.get(level, _("another occupation")) % {"code": code[: max(level, 1)]}


def _education_reason(rank: int | None, asked: int) -> str:
    if rank is None:
        return _("education not recorded")
    if rank >= asked:
        return _("education as asked or higher")
    if rank == asked - 1:
        return _("education one level below what is asked")
    return _("education below what is asked")


def _place_reason(level: int) -> str:
    return {
        PLACE_SAME: _("same district"),
        PLACE_PREFERRED: _("a district they would work in"),
        PLACE_ANYWHERE: _("would work in any district"),
        PLACE_WILL_MOVE: _("other district, willing to move"),
        PLACE_OTHER: _("other district"),
    }.get(level, "")


def _years(months: int) -> str:
    """Months of experience as people say them: whole years, rounded."""
    years = (months + 6) // 12
    if years == 0:
        return _("less than a year")
    return ngettext("%(years)d year", "%(years)d years", years) % {"years": years}
