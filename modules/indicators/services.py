"""Every change to a country's indicators and agencies goes through here, from pages, API and imports."""

import datetime
import logging
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from clmis.accounts.actors import actor_label
from clmis.audit.context import acting
from clmis.public_pages import public_pages_expire
from clmis.records.locking import record_save
from modules.indicators.computing import period_frequency
from modules.indicators.loading import CATALOGUE_FIELDS
from modules.indicators.models import (
    Agency,
    AgencyMember,
    Indicator,
    Observation,
    Release,
    SubmissionUpload,
)
from modules.indicators.selectors import agency_of
from modules.indicators.submissions import (
    ERRORS_KEPT,
    MAX_ROWS,
    MAX_ROWS_BACKGROUND,
    SubmissionRefused,
    submission_check,
    submission_read,
)
from modules.reports.periods import period_parse
from regional_hub.facts.tasks import facts_collect_country

logger = logging.getLogger(__name__)

# What a country may change of a harmonised indicator: the rest is the regional catalogue's.
COUNTRY_FIELDS = ("agency", "translations", "active", "definition")


def indicator_save(
    *, indicator: Indicator | None = None, values: Mapping[str, object], version: int | None, by
) -> Indicator:
    """Add a national-only indicator or change one; of a harmonised indicator only its agency, its
    definition, its translations and whether it is in the package may change. Refused, with nothing
    saved, otherwise (naming what belongs to the catalogue), or for a code the catalogue uses."""
    indicator = indicator or Indicator()
    values = dict(values)
    if indicator.harmonised:
        fixed = [
            name
            for name in (*CATALOGUE_FIELDS, "code")
            if name in values and values[name] != getattr(indicator, name)
        ]
        if fixed:
            raise ValidationError(
                {
                    name: _("This comes from the regional catalogue and is the same in every country.")
                    for name in fixed
                }
            )
    elif "code" in values and Indicator.objects.filter(code=values["code"]).exclude(pk=indicator.pk).exists():
        raise ValidationError({"code": _("Another indicator has this code.")})
    frequencies = values.get("frequencies", indicator.frequencies if indicator.pk else [])
    if not frequencies:
        raise ValidationError({"frequencies": _("Choose at least one periodicity.")})
    with transaction.atomic():
        public_pages_expire()
        return record_save(indicator, values=values, version=version, by=by)


def agency_save(
    *, agency: Agency | None = None, values: Mapping[str, object], version: int | None, by
) -> Agency:
    """Register a partner agency or change one."""
    return record_save(agency or Agency(), values=values, version=version, by=by)


# --- submissions: an agency's submitters and the values they submit ----------------------------------------


@transaction.atomic
def agency_member_add(*, agency: Agency, user, by) -> AgencyMember:
    """Make a submitter of the country (role agency_submitter) a member of the agency: they submit its
    indicators' values. A submitter belongs to one agency."""
    if not user.groups.filter(name="agency_submitter").exists():
        raise ValidationError({"user": _("Only a partner-agency submitter can be a member of an agency.")})
    existing = AgencyMember.objects.filter(user=user).select_related("agency").first()
    if existing is not None:
        raise ValidationError(
            {
                "user": _("%(user)s already submits for %(agency)s.")
                % {"user": user, "agency": existing.agency}
            }
        )
    with acting(actor_label(by)):
        return AgencyMember.objects.create(user=user, agency=agency)


@transaction.atomic
def agency_member_remove(*, agency: Agency, user, by) -> None:
    """The user no longer submits for the agency (what they submitted stays)."""
    with acting(actor_label(by)):
        for member in AgencyMember.objects.filter(agency=agency, user=user):
            member.delete()


# What a value given anew changes of one already there (Observation.submit_anew, the origin and the flag).
SUBMITTED_FIELDS = (
    "origin",
    "flag",
    "comment",
    "version",
    "previous_value",
    "value",
    "numerator",
    "denominator",
    "state",
    "submitted_by",
    "decided_by",
    "decided_at",
    "publish_at",
    "rejection_reason",
)
# Values one statement writes (and their history rows, one more).
WRITE_BATCH = 1_000


@transaction.atomic
def observations_submit(
    *,
    indicator: Indicator,
    rows: Sequence[Mapping[str, object]],
    first_row: int = 1,
    by,
    max_rows: int = MAX_ROWS,
) -> list[Observation]:
    """Submit values of the indicator for approval, by its agency's submitter: from the form, a file or
    the API, all of them or, when any row is refused (SubmissionRefused, by row and column), none. A
    value given again replaces the one waiting; a published one given again is a revision.

    Written in batches with their history (who, when, every value), not a save() per value: a file
    checked in the background may hold up to a hundred thousand values (`max_rows`)."""
    checked = submission_check(
        indicator=indicator, agency=agency_of(by), rows=rows, first_row=first_row, max_rows=max_rows
    )
    existing = {
        (observation.period, observation.key): observation
        for observation in Observation.objects.select_for_update().filter(
            indicator=indicator, period__in={row.period for row in checked}
        )
    }
    now, label = timezone.now(), actor_label(by)
    saved, new, changed = [], [], []
    for row in checked:
        observation = existing.get((row.period, row.key))
        if observation is None:
            observation = Observation(
                indicator=indicator, period=row.period, key=row.key, dimensions=row.dimensions
            )
            new.append(observation)
        else:
            changed.append(observation)
        observation.origin, observation.flag = Observation.Origin.SUBMITTED, row.flag
        observation.comment = row.comment
        observation.submit_anew(
            value=row.value,
            numerator=row.numerator,
            denominator=row.denominator,
            submitted_by=label,
            now=now,
        )
        saved.append(observation)
    # New values and values given again alike: one INSERT ... ON CONFLICT UPDATE a batch (Django's
    # bulk_update, a CASE per column and row, took two minutes for fifty thousand values).
    Observation.objects.bulk_create(
        saved,
        batch_size=WRITE_BATCH,
        update_conflicts=True,
        unique_fields=["indicator", "period", "key"],
        update_fields=SUBMITTED_FIELDS,
    )
    # Bulk writes send no signal: the history rows are written here, told their actor.
    history = {"batch_size": WRITE_BATCH, "default_date": now, "custom_historical_attrs": {"actor": label}}
    Observation.history.bulk_history_create(new, **history)
    Observation.history.bulk_history_create(changed, update=True, **history)
    return saved


# --- large files: kept, then read and checked by a task that tells its progress -----------------------------


@transaction.atomic
def submission_upload_receive(*, indicator: Indicator, file: UploadedFile, by) -> SubmissionUpload:
    """Keep a file of values too large to check in the request, and check it in the background after
    commit (submission_upload_check); its page follows the check. Whether the submitter submits the
    indicator's values is the check's to say, as for every channel."""
    upload = SubmissionUpload(
        indicator=indicator, name=file.name[:255], uploaded_by=by, language=translation.get_language() or ""
    )
    upload.file.save(file.name, file, save=False)
    upload.save()
    from modules.indicators.tasks import indicators_upload_check  # the task calls back into this module

    indicators_upload_check.apply_async_on_commit((upload.pk,))
    return upload


def submission_upload_check(*, upload: SubmissionUpload) -> SubmissionUpload:
    """Read the file and check it row by row, telling its progress, then submit its values whole (by
    observations_submit, one transaction) or refuse it whole with its errors; failed, with nothing
    saved, if anything else goes wrong. A file already decided is left as it is; a check broken off
    (its worker lost, the task delivered again) starts again from the first row."""
    uploads = SubmissionUpload.objects.filter(pk=upload.pk)
    waiting = (SubmissionUpload.State.WAITING, SubmissionUpload.State.CHECKING)
    if not uploads.filter(state__in=waiting).update(state=SubmissionUpload.State.CHECKING, rows_checked=0):
        upload.refresh_from_db()
        return upload
    with translation.override(upload.language or None):
        try:
            rows = _upload_rows(upload)
            uploads.update(rows_total=len(rows))
            # Checked first outside the transaction, so that the page sees the count as it grows (what
            # is written in the transaction shows only at its end); observations_submit checks the
            # rows again, in about a second for 100,000, before it saves them.
            submission_check(
                indicator=upload.indicator,
                agency=agency_of(upload.uploaded_by),
                rows=rows,
                first_row=2,
                max_rows=MAX_ROWS_BACKGROUND,
                progress=lambda done: uploads.update(rows_checked=done),
            )
            uploads.update(rows_checked=len(rows))
            with transaction.atomic():
                if uploads.select_for_update().get().state == SubmissionUpload.State.CHECKING:
                    saved = observations_submit(
                        indicator=upload.indicator,
                        rows=rows,
                        first_row=2,
                        by=upload.uploaded_by,
                        max_rows=MAX_ROWS_BACKGROUND,
                    )
                    _upload_finish(upload, SubmissionUpload.State.ACCEPTED, values_saved=len(saved))
        except SubmissionRefused as refused:
            errors = [[error.row, error.column, error.message] for error in refused.errors[:ERRORS_KEPT]]
            _upload_finish(
                upload, SubmissionUpload.State.REFUSED, errors=errors, rows_checked=F("rows_total")
            )
        except Exception:
            # Kept, with its file, for the platform's operators; the submitter is told to try again.
            logger.exception("The check of the file of values %s failed.", upload.pk)
            _upload_finish(upload, SubmissionUpload.State.FAILED)
    upload.refresh_from_db()
    return upload


def _upload_rows(upload: SubmissionUpload) -> list[dict[str, object]]:
    with upload.file.open("rb") as file:
        content = file.read()
    country = connection.tenant
    return submission_read(
        name=upload.name,
        content=content,
        indicator=upload.indicator,
        country=f"{country.code},{country.iso3}",
    )


def _upload_finish(upload: SubmissionUpload, state: str, **values) -> None:
    """Decided (unless another run of the task decided first): the file is deleted after commit, its
    values saved or its errors kept, except after a failure."""
    changes = {"state": state, "finished_at": timezone.now(), **values}
    if state != SubmissionUpload.State.FAILED:
        changes["file"] = ""
    checking = SubmissionUpload.objects.filter(pk=upload.pk, state=SubmissionUpload.State.CHECKING)
    if checking.update(**changes) and state != SubmissionUpload.State.FAILED:
        name, storage = upload.file.name, upload.file.storage
        transaction.on_commit(lambda: storage.delete(name))


# --- vetting: submitted values approved (public from a moment, the embargo) or rejected ------------------


@transaction.atomic
def observations_approve(*, observations: QuerySet, publish_at: datetime.datetime | None = None, by) -> int:
    """Approve submitted values, public from `publish_at` (at once without it). Refused, with nothing
    approved, when any of them is not waiting for approval."""
    observations = list(observations.select_for_update())
    _all_submitted(observations)
    now = timezone.now()
    with acting(actor_label(by)):
        for observation in observations:
            observation.state = Observation.State.APPROVED
            observation.decided_by, observation.decided_at = actor_label(by), now
            observation.publish_at = publish_at or now
            observation.rejection_reason = ""
            observation.version += 1
            observation.save()
    if any(observation.indicator.harmonised for observation in observations):
        # The hub collects them when they become public: at once, or when the embargo ends.
        facts_collect_country.apply_async_on_commit(
            eta=publish_at if publish_at and publish_at > now else None
        )
    # Values under embargo reach the pages when their minute in the cache runs out, never early.
    public_pages_expire()
    return len(observations)


@transaction.atomic
def observations_reject(*, observations: QuerySet, reason: str, by) -> int:
    """Send submitted values back with the reason; refused without one, or for values not waiting."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the values are rejected: the agency reads it.")})
    observations = list(observations.select_for_update())
    _all_submitted(observations)
    now = timezone.now()
    with acting(actor_label(by)):
        for observation in observations:
            observation.state = Observation.State.REJECTED
            observation.decided_by, observation.decided_at = actor_label(by), now
            observation.rejection_reason = reason.strip()
            observation.version += 1
            observation.save()
    return len(observations)


def _all_submitted(observations: list[Observation]) -> None:
    if not observations:
        raise ValidationError(_("Choose the values to decide on."))
    waiting = [o for o in observations if o.state != Observation.State.SUBMITTED]
    if waiting:
        raise ValidationError(
            _("%(count)d of the values chosen are not waiting for approval (%(first)s); nothing was changed.")
            % {"count": len(waiting), "first": waiting[0]}
        )


def release_save(
    *, release: Release | None = None, values: Mapping[str, object], version: int | None, by
) -> Release:
    """Plan (or re-plan) the publication of an indicator's period; refused for a period the indicator
    does not have (its periodicity)."""
    indicator = values.get("indicator") or (release.indicator if release else None)
    period = values.get("period") or (release.period if release else "")
    try:
        parsed = period_parse(str(period))
    except ValidationError as error:
        raise ValidationError({"period": error.messages}) from error
    if indicator is not None and period_frequency(parsed) not in indicator.frequencies:
        raise ValidationError(
            {"period": _("The indicator has no value for a period like %(period)s.") % {"period": period}}
        )
    with transaction.atomic():
        public_pages_expire()
        return record_save(
            release or Release(), values={**values, "period": parsed.text}, version=version, by=by
        )
