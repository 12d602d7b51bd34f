"""Every change to vacancies and work requests goes through these functions (the case-work services
underneath). Other modules fill and release posts through vacancy_post_filled / vacancy_post_released."""

from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clmis.records.locking import record_save
from modules.casework.models import CaseEvent
from modules.casework.services import case_event_record, case_open, case_transition, case_update
from modules.employers.models import Employer
from modules.reference.models import Code
from modules.vacancies.models import LANGUAGES, SKILLS, Vacancy, WorkRequest

# Code fields and the table (and level) their code must come from.
CODED_FIELDS = {
    "occupation": ("isco08", 4),
    "district": ("district", None),
    "education_level": ("education_level", None),
}
# Many-to-many code fields, their table, and the array of codes kept beside them (the matching profile).
CODE_LISTS = {"skills": (SKILLS, "match_skills"), "languages": (LANGUAGES, "match_languages")}


@transaction.atomic
def vacancy_register(*, values: Mapping[str, object], by) -> Vacancy:
    """Register a vacancy of an employer of the register, perhaps from one of its work requests.

    The district is the employer's unless given. A vacancy from a work request is for the request's
    employer, and puts a request just received in progress (recruiting has begun).
    """
    values = dict(values)
    lists = _code_lists(values)
    _check_codes(values)
    employer = values.get("employer")
    _district_default(values, employer)
    request = values.get("work_request")
    if request is not None:
        _check_request(request, employer)
    vacancy = case_open(case=Vacancy(), values=values, by=by)
    _code_lists_set(vacancy, lists)
    if request is not None:
        text = _("Vacancy %(reference)s registered from this request.") % {"reference": vacancy.reference}
        case_event_record(case=request, kind=CaseEvent.Kind.NOTE, text=text, by=by)
        if request.status == "received" and by.has_perm("vacancies.change_workrequest"):
            case_transition(case=request, action="start", by=by)
    return vacancy


@transaction.atomic
def vacancy_update(*, vacancy: Vacancy, values: Mapping[str, object], version: int | None, by) -> Vacancy:
    """Change a vacancy's details; `skills` / `languages`, when given, replace them; a district left
    empty is the employer's. An open vacancy whose posts are brought down to those filled is filled."""
    values = dict(values)
    values.pop("work_request", None)  # where a vacancy came from does not change
    lists = _code_lists(values)
    _check_codes(values)
    if "district" in values:
        _district_default(values, values.get("employer") or vacancy.employer)
    vacancy = case_update(case=vacancy, values=values, version=version, by=by)
    _code_lists_set(vacancy, lists)
    if vacancy.status == "open" and vacancy.posts_filled >= vacancy.posts:
        case_transition(case=vacancy, action="fill", by=by, automatic=True)
    return vacancy


@transaction.atomic
def vacancy_post_filled(*, vacancy: Vacancy, by) -> Vacancy:
    """One more post of the vacancy filled (a placement); the last one fills the vacancy.

    Refused on a vacancy that is not open or whose posts are all filled. The vacancy is locked while
    counted, so two placements at once cannot both take its last post.
    """
    vacancy = _locked(vacancy, by)
    if vacancy.status != "open":
        raise ValidationError(
            _("Vacancy %(reference)s is %(status)s: posts are filled only while it is open.")
            % {"reference": vacancy.reference, "status": vacancy.status_label.lower()}
        )
    if vacancy.posts_filled >= vacancy.posts:
        raise ValidationError(
            _("All %(posts)d posts of vacancy %(reference)s are filled already.")
            % {"posts": vacancy.posts, "reference": vacancy.reference}
        )
    filled = vacancy.posts_filled + 1
    text = _("Post filled: %(filled)d of %(posts)d.") % {"filled": filled, "posts": vacancy.posts}
    if filled == vacancy.posts:
        case_transition(
            case=vacancy, action="fill", by=by, note=text, values={"posts_filled": filled}, automatic=True
        )
    else:
        record_save(vacancy, values={"posts_filled": filled}, version=vacancy.version, by=by)
        case_event_record(case=vacancy, kind=CaseEvent.Kind.NOTE, text=text, by=by)
    return vacancy


@transaction.atomic
def vacancy_post_released(*, vacancy: Vacancy, by) -> Vacancy:
    """Undo one post filled (a placement recorded by mistake); a filled vacancy is open again."""
    vacancy = _locked(vacancy, by)
    if vacancy.posts_filled == 0:
        raise ValidationError(
            _("No post of vacancy %(reference)s is filled: there is none to release.")
            % {"reference": vacancy.reference}
        )
    filled = vacancy.posts_filled - 1
    text = _("Post released: %(filled)d of %(posts)d filled.") % {"filled": filled, "posts": vacancy.posts}
    if vacancy.status == "filled":
        case_transition(
            case=vacancy, action="release", by=by, note=text, values={"posts_filled": filled}, automatic=True
        )
    else:
        record_save(vacancy, values={"posts_filled": filled}, version=vacancy.version, by=by)
        case_event_record(case=vacancy, kind=CaseEvent.Kind.NOTE, text=text, by=by)
    return vacancy


@transaction.atomic
def work_request_receive(*, values: Mapping[str, object], by) -> WorkRequest:
    """Register an employer's request to recruit for it."""
    _check_codes(values)
    return case_open(case=WorkRequest(), values=values, by=by)


def work_request_update(
    *, work_request: WorkRequest, values: Mapping[str, object], version: int | None, by
) -> WorkRequest:
    _check_codes(values)
    return case_update(case=work_request, values=values, version=version, by=by)


def _locked(vacancy: Vacancy, by) -> Vacancy:
    if not by.has_perm("vacancies.change_vacancy"):
        raise PermissionDenied(_("Your role does not allow filling or releasing the posts of vacancies."))
    Vacancy.objects.select_for_update().only("pk").get(pk=vacancy.pk)
    vacancy.refresh_from_db()  # the counts as they are now that no one else can change them
    return vacancy


def _district_default(values: dict, employer) -> None:
    """Where the work is: the employer's district unless another is given."""
    if isinstance(employer, Employer) and not values.get("district"):
        values["district"] = employer.district


def _check_request(request: WorkRequest, employer) -> None:
    if request.is_closed:
        raise ValidationError(
            {
                "work_request": _(
                    "Work request %(reference)s is %(status)s: reopen it to register vacancies from it."
                )
                % {"reference": request.reference, "status": request.status_label.lower()}
            }
        )
    if isinstance(employer, Employer) and employer.pk != request.employer_id:
        raise ValidationError(
            {
                "employer": _("A vacancy from work request %(reference)s is for its employer, %(employer)s.")
                % {"reference": request.reference, "employer": request.employer.name}
            }
        )


def _check_codes(values: Mapping[str, object]) -> None:
    errors = {}
    for field, (table, level) in CODED_FIELDS.items():
        code = values.get(field)
        if isinstance(code, Code) and (
            code.classification.key != table or (level is not None and code.level != level)
        ):
            errors[field] = _("Choose a code of the %(table)s table.") % {"table": table}
    if errors:
        raise ValidationError(errors)


def _code_lists(values: dict) -> dict[str, list[Code]]:
    """Take the many-to-many codes out of `values` (checked), and put their codes in the arrays beside."""
    lists = {}
    for field, (table, array) in CODE_LISTS.items():
        if field in values:
            lists[field] = _codes(values.pop(field), field, table)
            values[array] = [code.code for code in lists[field]]
    return lists


def _codes(codes: Iterable[Code] | None, field: str, table: dict) -> list[Code]:
    wanted = {code.pk: code for code in codes or ()}
    found = list(Code.objects.filter(pk__in=wanted, active=True, **table).order_by("code"))
    wrong = sorted(code.code for pk, code in wanted.items() if pk not in {code.pk for code in found})
    if wrong:
        raise ValidationError(
            {
                field: _("%(codes)s: choose codes of the %(table)s table.")
                % {"codes": ", ".join(wrong), "table": table["classification__key"]}
            }
        )
    return found


def _code_lists_set(vacancy: Vacancy, lists: dict[str, list[Code]]) -> None:
    for field, codes in lists.items():
        getattr(vacancy, field).set(codes)
