"""Every change to the training programmes and their trainees goes through these functions."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clmis.records.locking import record_save
from clmis_training.models import Trainee, TrainingProgramme
from modules.reference.models import Code

CODED_FIELDS = {"occupation": ("isco08", 4), "sector": ("isic4", 1)}


@transaction.atomic
def programme_save(
    *, programme: TrainingProgramme | None = None, values: Mapping[str, object], version: int | None, by
) -> TrainingProgramme:
    """Register a programme or change one. It trains for an occupation or a sector (or both), and
    cannot offer fewer places than the trainees holding one."""
    values = dict(values)
    errors = _code_errors(values)
    stored = TrainingProgramme.objects.filter(pk=programme.pk).first() if programme else None
    occupation = values.get("occupation", stored.occupation if stored else None)
    sector = values.get("sector", stored.sector if stored else None)
    if occupation is None and sector is None:
        errors["occupation"] = _("Give the occupation (ISCO) or the sector (ISIC) the programme trains for.")
    if programme is not None and values.get("places") is not None:
        holding = _places_taken(programme)
        if values["places"] < holding:
            errors["places"] = ngettext(
                "%(count)d trainee holds a place: the programme needs at least that many.",
                "%(count)d trainees hold a place: the programme needs at least that many.",
                holding,
            ) % {"count": holding}
    if errors:
        raise ValidationError(errors)
    return record_save(programme or TrainingProgramme(), values=values, version=version, by=by)


@transaction.atomic
def trainee_save(
    *,
    programme: TrainingProgramme,
    trainee: Trainee | None = None,
    values: Mapping[str, object],
    version: int | None,
    by,
) -> Trainee:
    """Enrol a trainee in a programme, or change one: refused when the programme's places are all taken
    (a trainee who dropped out gives their place back) or for a date of birth that is not in the past."""
    # Locked, so two officers cannot both take the last place.
    programme = TrainingProgramme.objects.select_for_update().get(pk=programme.pk)
    errors = {}
    born = values.get("date_of_birth")
    if born is not None and born >= timezone.localdate():
        errors["date_of_birth"] = _("The date of birth must be in the past.")
    # The stored status, not the instance's: a form has already put the new values on it.
    stored = (
        Trainee.objects.filter(pk=trainee.pk).values_list("status", flat=True).first() if trainee else None
    )
    status = values.get("status", stored or Trainee.Status.ENROLLED)
    took_a_place = stored in Trainee.HOLDING_A_PLACE
    takes_a_place = status in Trainee.HOLDING_A_PLACE and not took_a_place
    if takes_a_place and _places_taken(programme) >= programme.places:
        errors["status"] = _("All %(places)d places of %(programme)s are taken.") % {
            "places": programme.places,
            "programme": programme.title,
        }
    if errors:
        raise ValidationError(errors)
    return record_save(trainee or Trainee(programme=programme), values=values, version=version, by=by)


def _places_taken(programme: TrainingProgramme) -> int:
    return programme.trainees.filter(status__in=Trainee.HOLDING_A_PLACE).count()


def _code_errors(values: Mapping[str, object]) -> dict[str, str]:
    errors = {}
    for field, (table, level) in CODED_FIELDS.items():
        code = values.get(field)
        if isinstance(code, Code) and (code.classification.key != table or code.level != level):
            errors[field] = _("Choose a code of the %(table)s table.") % {"table": table}
    return errors
