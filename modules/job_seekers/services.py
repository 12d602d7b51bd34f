"""Every change to job seekers goes through these functions (the case-work services underneath).

Other modules call `job_seeker_place()`: the matching module records a placement with it. Each service
that changes a job seeker or what they hold rewrites the matching profile (JobSeeker.PROFILE), so the
profile never lags the record and no form or API client writes it.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clmis.records.locking import record_save
from modules.casework.models import CaseEvent
from modules.casework.services import case_event_record, case_open, case_transition, case_update
from modules.job_seekers.models import Education, Experience, JobSeeker, RegistrationRules
from modules.job_seekers.selectors import (
    Duplicate,
    job_seeker_duplicates,
    job_seekers_due_to_lapse,
    registration_rules,
)
from modules.reference.models import Code

# Code fields and the table (and level) their codes must come from.
CODED_FIELDS = {
    "nationality": ("iso3166", None),
    "country_of_birth": ("iso3166", None),
    "district": ("district", None),
    "education_level": ("education_level", None),
}
# Many-to-many codes, their table (and level), and the field that keeps them readable in the history.
CODE_LISTS = {
    "occupations": ("isco08", 4, "occupation_codes"),
    "skills": ("skill", None, "skill_codes"),
    "languages": ("language", None, "language_codes"),
    "preferred_districts": ("district", None, "district_codes"),
}
MOST_OCCUPATIONS = 3
# What a merge fills on the registration kept when it has nothing and the duplicate has something.
FILLED_BY_MERGE = (
    "nis_number",
    "nationality",
    "country_of_birth",
    "district",
    "city",
    "street",
    "phone",
    "email",
    "education_level",
    "training",
    "available_from",
)
# A registration refused as a duplicate brings its details, not its dates: the record keeps its own.
NOT_FROM_REGISTRATION = ("opened_on", "due_on", "placed_on")
# The mean length of a month in the Gregorian calendar, in days.
MONTH_DAYS = 365.2425 / 12


class DuplicateRegistration(ValidationError):
    """The person seems to be registered already, so nothing was saved; `duplicates` says as whom."""

    def __init__(self, duplicates: list[Duplicate]):
        self.duplicates = duplicates
        self.same_nis = any(duplicate.same_nis for duplicate in duplicates)
        references = ", ".join(duplicate.job_seeker.reference for duplicate in duplicates)
        if self.same_nis:
            message = _(
                "A job seeker with this national insurance number is already registered (%(references)s). "
                "Update that registration with the details entered instead of registering them again."
            )
        else:
            message = _(
                "A job seeker with this name and date of birth is already registered (%(references)s). "
                "Update that registration with the details entered, or confirm that this is a different "
                "person."
            )
        super().__init__(message % {"references": references}, code="duplicate")


@transaction.atomic
def job_seeker_register(*, values: Mapping[str, object], by, different_person: bool = False) -> JobSeeker:
    """Register a job seeker, unless they seem registered already (DuplicateRegistration, nothing saved).

    The same national insurance number always refuses; the same name and date of birth refuses unless
    the officer confirms a `different_person`. `occupations` (1 to 3 ISCO-08 unit groups, the first the
    main one) is required; the registration date (`opened_on`, today unless given) is its first renewal.
    """
    values = _checked(values)
    lists = _code_lists(values, required=True)
    duplicates = job_seeker_duplicates(
        first_name=str(values.get("first_name", "")),
        family_name=str(values.get("family_name", "")),
        birth_date=values.get("birth_date"),
        nis_number=str(values.get("nis_number", "")),
    )
    if duplicates and (not different_person or any(duplicate.same_nis for duplicate in duplicates)):
        raise DuplicateRegistration(duplicates)
    values["renewed_on"] = values.get("opened_on") or timezone.localdate()
    job_seeker = case_open(case=JobSeeker(), values={**values, **_readable(lists)}, by=by)
    _code_lists_set(job_seeker, lists)
    _profile_refresh(job_seeker)
    if duplicates:
        text = _("Registered as a different person from %(references)s (same name and date of birth).") % {
            "references": ", ".join(duplicate.job_seeker.reference for duplicate in duplicates)
        }
        case_event_record(case=job_seeker, kind=CaseEvent.Kind.NOTE, text=text, internal=True, by=by)
    return job_seeker


@transaction.atomic
def job_seeker_update(
    *, job_seeker: JobSeeker, values: Mapping[str, object], version: int | None, by
) -> JobSeeker:
    """Change a job seeker's details; the code lists given replace theirs. Refused if someone saved the
    record since `version`, or if the national insurance number is another registration's."""
    _not_merged(job_seeker)
    values = _checked(values)
    lists = _code_lists(values, required=False)
    if values.get("nis_number") and values["nis_number"] != job_seeker.nis_number:
        others = job_seeker_duplicates(
            first_name="",
            family_name="",
            birth_date=None,
            nis_number=values["nis_number"],
            exclude=job_seeker,
        )
        if others:
            raise ValidationError(
                {
                    "nis_number": _("This national insurance number is registered to %(references)s already.")
                    % {"references": ", ".join(other.job_seeker.reference for other in others)}
                }
            )
    job_seeker = case_update(case=job_seeker, values={**values, **_readable(lists)}, version=version, by=by)
    _code_lists_set(job_seeker, lists)
    _profile_refresh(job_seeker)
    return job_seeker


@transaction.atomic
def job_seeker_update_from_registration(
    *, job_seeker: JobSeeker, values: Mapping[str, object], version: int | None, by
) -> JobSeeker:
    """What a registration refused as a duplicate does instead: the details entered that are not empty
    replace those of the registration found, and that registration is renewed. Nothing else is created."""
    given = {
        field: value
        for field, value in values.items()
        if field not in NOT_FROM_REGISTRATION and _given(field, value)
    }
    job_seeker = job_seeker_update(job_seeker=job_seeker, values=given, version=version, by=by)
    note = _("Registered again: the details entered are applied to this registration.")
    return case_transition(case=job_seeker, action="renew", note=note, by=by)


def job_seeker_place(*, job_seeker: JobSeeker, placed_on: datetime.date, by) -> JobSeeker:
    """Record that an active job seeker was placed in a job on `placed_on` (the `place` transition, which
    needs the change permission): the registration closes until renewed. The matching module calls
    this when it records a placement."""
    return case_transition(case=job_seeker, action="place", values={"placed_on": placed_on}, by=by)


def job_seeker_renew(*, job_seeker: JobSeeker, by, note: str = "") -> JobSeeker:
    """Renew a registration: active again from today (a placement undone, a lapsed job seeker back).
    The matching module calls this when a placement recorded by mistake is cancelled."""
    return case_transition(case=job_seeker, action="renew", note=note, by=by)


def job_seekers_lapse_due(*, today: datetime.date) -> int:
    """Lapse every active registration not renewed within the country's period (renewed_on +
    lapse_after_days < today), as the system, each on its own timeline and in its own transaction: one
    that cannot lapse does not hold back the others. Returns how many lapsed."""
    days = registration_rules().lapse_after_days
    renewed_before = today - datetime.timedelta(days=days)
    lapsed = 0
    for pk in list(job_seekers_due_to_lapse(today=today).order_by("pk").values_list("pk", flat=True)):
        with transaction.atomic():
            job_seeker = JobSeeker.objects.select_for_update().get(pk=pk)
            if job_seeker.status != "active" or job_seeker.renewed_on >= renewed_before:
                continue  # renewed or closed since it was found
            note = _("Not renewed within %(days)d days of %(date)s.") % {
                "days": days,
                "date": job_seeker.renewed_on.isoformat(),
            }
            case_transition(case=job_seeker, action="lapse", note=note, by=None)
            lapsed += 1
    return lapsed


@transaction.atomic
def job_seekers_merge(*, kept: JobSeeker, duplicate: JobSeeker, version: int | None, by) -> JobSeeker:
    """Merge a duplicate registration into the one kept (`version`: the kept one's, as read).

    The kept registration gets the duplicate's education and work experience, the union of their
    skills, languages, occupations sought (three at most, its own first) and districts, and the
    duplicate's details where its own are blank. The duplicate is closed as `merged`, pointing at the
    kept one; both timelines say so. All or nothing.
    """
    if not by.has_perm("job_seekers.merge_jobseeker"):
        raise PermissionDenied(_("Your role does not allow merging registrations."))
    if kept.pk == duplicate.pk:
        raise ValidationError({"duplicate": _("Choose another registration than the one kept.")})
    for job_seeker in (kept, duplicate):
        _not_merged(job_seeker, field="duplicate")
    occupations = list(dict.fromkeys([*kept.occupations_sought(), *duplicate.occupations_sought()]))
    values: dict[str, object] = {
        field: getattr(duplicate, field)
        for field in FILLED_BY_MERGE
        if getattr(kept, field) in (None, "") and getattr(duplicate, field) not in (None, "")
    }
    values["occupations"] = occupations[:MOST_OCCUPATIONS]
    for field in ("skills", "languages", "preferred_districts"):
        values[field] = list({*getattr(kept, field).all(), *getattr(duplicate, field).all()})

    # The duplicate leaves first: its national insurance number is then free for the one kept.
    previous = duplicate.status
    record_save(
        duplicate,
        values={"status": "merged", "closed_on": timezone.localdate(), "merged_into": kept},
        version=duplicate.version,
        by=by,
    )
    workflow = JobSeeker.workflow
    text = _("%(from)s → %(to)s: merged into %(reference)s.") % {
        "from": workflow.label(previous),
        "to": workflow.label("merged"),
        "reference": kept.reference,
    }
    case_event_record(case=duplicate, kind=CaseEvent.Kind.STATUS, text=text, by=by)
    for part in [*duplicate.education.all(), *duplicate.experience.all()]:
        record_save(part, values={"job_seeker": kept}, version=part.version, by=by)

    kept = job_seeker_update(job_seeker=kept, values=values, version=version, by=by)
    text = _(
        "Registration %(reference)s of the same person merged into this one: its education, work "
        "experience, skills, languages, occupations sought and districts are here now."
    ) % {"reference": duplicate.reference}
    if occupations[MOST_OCCUPATIONS:]:
        text += " " + _("Occupations not carried over (three at most): %(codes)s.") % {
            "codes": ", ".join(str(code) for code in occupations[MOST_OCCUPATIONS:])
        }
    case_event_record(case=kept, kind=CaseEvent.Kind.EDITED, text=text, by=by)
    _profile_refresh(duplicate)
    return kept


@transaction.atomic
def education_save(
    *,
    job_seeker: JobSeeker,
    education: Education | None = None,
    values: Mapping[str, object],
    version: int | None,
    by,
) -> Education:
    """Record a level of education or a course completed (on the job seeker's timeline), or change one."""
    _not_merged(job_seeker)
    _check_codes(values, {"level": ("education_level", None)})
    saved = record_save(education or Education(job_seeker=job_seeker), values=values, version=version, by=by)
    if education is None:
        text = _("Education recorded: %(education)s.") % {"education": saved}
        case_event_record(case=job_seeker, kind=CaseEvent.Kind.EDITED, text=text, by=by)
    return saved


@transaction.atomic
def experience_save(
    *,
    job_seeker: JobSeeker,
    experience: Experience | None = None,
    values: Mapping[str, object],
    version: int | None,
    by,
) -> Experience:
    """Record a job held (on the job seeker's timeline), or change one; the matching profile follows."""
    _not_merged(job_seeker)
    _check_codes(values, {"occupation": ("isco08", 4)})
    saved = record_save(
        experience or Experience(job_seeker=job_seeker), values=values, version=version, by=by
    )
    if experience is None:
        text = _("Work experience recorded: %(experience)s.") % {"experience": saved}
        case_event_record(case=job_seeker, kind=CaseEvent.Kind.EDITED, text=text, by=by)
    _profile_refresh(job_seeker)
    return saved


@transaction.atomic
def registration_rules_save(*, values: Mapping[str, object], version: int | None, by) -> RegistrationRules:
    """Set the country's registration rules (the first save creates them from the defaults)."""
    rules = RegistrationRules.objects.select_for_update().order_by("pk").first()
    if rules is None:
        # The defaults read before are version 1: the first rules saved are version 2, so an edit based
        # on the defaults after they were saved is refused as stale.
        return record_save(RegistrationRules(version=2), values=values, version=None, by=by)
    if version is None:  # read while there were only the defaults, and someone has saved rules since
        raise ValidationError(
            _("Someone has set the rules since you opened them: review them and save again.")
        )
    return record_save(rules, values=values, version=version, by=by)


def job_seekers_experience_refresh(*, today: datetime.date) -> int:
    """Count jobs still held up to today in the months of experience of active job seekers: those
    months grow with no one editing the record (run daily). Returns how many profiles changed."""
    holding = Experience.objects.filter(ended_on__isnull=True, job_seeker__status="active")
    periods: dict[int, list] = defaultdict(list)
    for job_seeker_id, started_on, ended_on in (
        Experience.objects.filter(job_seeker_id__in=holding.values("job_seeker_id"))
        .values_list("job_seeker_id", "started_on", "ended_on")
        .iterator()
    ):
        periods[job_seeker_id].append((started_on, ended_on))
    stored = dict(JobSeeker.objects.filter(pk__in=list(periods)).values_list("pk", "experience_months"))
    changed = []
    for pk, spans in periods.items():
        months = experience_months(spans, today=today)
        if months != stored.get(pk):
            changed.append(JobSeeker(pk=pk, experience_months=months))
    JobSeeker.objects.bulk_update(changed, ["experience_months"], batch_size=1000)
    return len(changed)


def experience_months(
    periods: Iterable[tuple[datetime.date, datetime.date | None]], *, today: datetime.date
) -> int:
    """Months covered by the periods, to the nearest: a job still held counts to today, and two jobs
    held at once count once (experience is time spent working, not the number of jobs)."""
    days, covered = 0, None
    for start, end in sorted((start, end or today) for start, end in periods):
        if covered is not None:
            start = max(start, covered + datetime.timedelta(days=1))
        if end >= start:
            days += (end - start).days + 1
        covered = end if covered is None else max(covered, end)
    return round(days / MONTH_DAYS)


# --- helpers -----------------------------------------------------------------------------------------


def _checked(values: Mapping[str, object]) -> dict:
    """The values with names and numbers trimmed, and the single codes checked against their tables."""
    values = dict(values)
    for field in ("first_name", "family_name", "nis_number"):
        if isinstance(values.get(field), str):
            values[field] = values[field].strip()
    _check_codes(values, CODED_FIELDS)
    return values


def _check_codes(values: Mapping[str, object], fields: Mapping[str, tuple[str, int | None]]) -> None:
    errors = {
        field: _("Choose a code of the %(table)s table.") % {"table": table}
        for field, (table, level) in fields.items()
        if isinstance(values.get(field), Code) and not _of_table(values[field], table, level)
    }
    if errors:
        raise ValidationError(errors)


def _of_table(code: Code, table: str, level: int | None) -> bool:
    return code.classification.key == table and (level is None or code.level == level)


def _code_lists(values: dict, *, required: bool) -> dict[str, list[Code]]:
    """Take the many-to-many codes out of the values, checked: their tables, one to three occupations."""
    lists, errors = {}, {}
    for field, (table, level, _readable_field) in CODE_LISTS.items():
        if field not in values:
            if required and field == "occupations":
                errors[field] = _("Give the occupation sought (up to three).")
            continue
        codes = list(dict.fromkeys(values.pop(field) or ()))
        wrong = [code.code for code in codes if not _of_table(code, table, level)]
        if wrong:
            errors[field] = _("%(codes)s: choose codes of the %(table)s table.") % {
                "codes": ", ".join(wrong),
                "table": table,
            }
        elif field == "occupations" and not codes:
            errors[field] = _("Give the occupation sought (up to three).")
        elif field == "occupations" and len(codes) > MOST_OCCUPATIONS:
            errors[field] = _("Give three occupations sought at most, the main one first.")
        lists[field] = codes
    if errors:
        raise ValidationError(errors)
    return lists


def _readable(lists: Mapping[str, list[Code]]) -> dict[str, object]:
    """The codes as text for the history (occupations in their order, the others sorted), and the first
    occupation sought for the reports."""
    values: dict[str, object] = {}
    for field, codes in lists.items():
        texts = [code.code for code in codes]
        values[CODE_LISTS[field][2]] = ", ".join(texts if field == "occupations" else sorted(texts))
    if "occupations" in lists:
        values["first_occupation"] = lists["occupations"][0]
    return values


def _code_lists_set(job_seeker: JobSeeker, lists: Mapping[str, list[Code]]) -> None:
    for field, codes in lists.items():
        getattr(job_seeker, field).set(codes)


def _profile_refresh(job_seeker: JobSeeker) -> None:
    """Write the matching profile from the record as saved. An UPDATE of its own, not a save: the
    profile is derived, so it neither changes the record's version nor shows in its history."""
    experience = list(job_seeker.experience.values_list("occupation__code", "started_on", "ended_on"))
    sought = [code.code for code in job_seeker.occupations_sought()]
    profile = {
        "match_occupations": list(dict.fromkeys([*sought, *(code for code, _start, _end in experience)])),
        "match_skills": sorted(job_seeker.skills.values_list("code", flat=True)),
        "match_languages": sorted(job_seeker.languages.values_list("code", flat=True)),
        "experience_months": experience_months(
            [(start, end) for _code, start, end in experience], today=timezone.localdate()
        ),
    }
    JobSeeker.objects.filter(pk=job_seeker.pk).update(**profile)
    for field, value in profile.items():
        setattr(job_seeker, field, value)


def _given(field: str, value: object) -> bool:
    """Whether a value of a registration form says something: not empty, not the field's default."""
    if field in CODE_LISTS:
        return bool(list(value or ()))
    if value in (None, "", False):
        return False
    model_field = next((f for f in JobSeeker._meta.concrete_fields if f.name == field), None)
    return model_field is None or value != model_field.get_default()


def _not_merged(job_seeker: JobSeeker, field: str | None = None) -> None:
    if job_seeker.status == "merged":
        message = _("Registration %(reference)s was merged into %(kept)s: work on that one.") % {
            "reference": job_seeker.reference,
            "kept": job_seeker.merged_into.reference if job_seeker.merged_into_id else "—",
        }
        raise ValidationError({field: message} if field else message)
