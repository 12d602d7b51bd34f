"""Writing to personal data: erasing a case's (on request or by retention), a person's copy of it."""

import datetime
import io
import zipfile

from dateutil.relativedelta import relativedelta
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from clmis.accounts.actors import actor_label
from clmis.audit.context import acting, current_actor
from clmis.audit.models import Export
from clmis.personal_data.models import Erasure, RetentionRule
from clmis.personal_data.selectors import (
    case_types_with_personal_data,
    personal_data_copy,
    personal_data_json,
    personal_fields,
)

# What an erased name (or other required text) reads: the record stays countable, nobody is named.
ERASED = "—"


def pseudonymised_values(case) -> dict:
    """The values that replace a case's personal fields: text emptied (or a dash where it is required),
    a date of birth moved to 1 July of its year, so ages by year and age groups stay countable."""
    values = {}
    for name in personal_fields(case):
        field = case._meta.get_field(name)
        if isinstance(field, models.DateField):
            day = getattr(case, name)
            values[name] = datetime.date(day.year, 7, 1) if day else None
        else:
            values[name] = "" if field.blank else ERASED
    return values


@transaction.atomic
def personal_data_erase(*, case, by, reason: str, request_reference: str = "") -> Erasure:
    """Pseudonymise the person of a case everywhere the country keeps them, all or nothing.

    Kept, for the statistics: the case, its dates and status, sex, district, occupation, education, its
    parts. Erased: the personal fields in the record and in every row of its history, the texts of its
    timeline (notes may name people), its letters and its documents (files removed once committed).
    """
    with acting(actor_label(by)):
        model = type(case)
        values = pseudonymised_values(case)
        model.objects.filter(pk=case.pk).update(**values)
        # An edit form opened before now must not write the person back.
        model.objects.filter(pk=case.pk).update(version=F("version") + 1)
        model.history.filter(id=case.pk).update(**values)
        case.events.exclude(text="").update(text="")
        case.letters.all().delete()
        for document in case.documents.all():
            transaction.on_commit(lambda file=document.file: file.storage.delete(file.name))
        case.documents.all().delete()
        erasure = Erasure.objects.create(
            actor=current_actor(),
            case_type=model._meta.label_lower,
            record_id=case.pk,
            reference=case.reference,
            reason=reason,
            request_reference=request_reference,
        )
        case.events.create(kind="edited", actor=current_actor(), text=_("Personal data erased."))
        for name, value in values.items():
            setattr(case, name, value)
        return erasure


def personal_data_archive(*, case, by) -> tuple[str, bytes]:
    """A person's copy of their data (an access request): a ZIP of the record as JSON, its letters as
    HTML and its documents as attached. Logged like any export of personal data."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("record.json", personal_data_json(personal_data_copy(case)))
        for number, letter in enumerate(case.letters.order_by("created_at", "pk"), start=1):
            archive.writestr(f"letters/{number:03}-{slugify(letter.subject)[:60]}.html", letter.html)
        for number, document in enumerate(case.documents.order_by("uploaded_at", "pk"), start=1):
            with document.file.open("rb") as file:
                archive.writestr(f"documents/{number:03}-{document.name}", file.read())
    with acting(actor_label(by)):
        Export.objects.create(
            actor=current_actor(),
            records=_("Access request: %(reference)s") % {"reference": case.reference},
            rows=1,
        )
    return f"personal-data-{slugify(case.reference)}.zip", buffer.getvalue()


def retention_rule_save(*, case_type: str, years: int | None, by) -> RetentionRule | None:
    """Set how long a kind of case keeps its personal data once closed (None: as long as the case)."""
    with acting(actor_label(by)):
        if years is None:
            RetentionRule.objects.filter(case_type=case_type).delete()
            return None
        rule, _created = RetentionRule.objects.update_or_create(
            case_type=case_type, defaults={"years": years}
        )
        return rule


def retention_apply(today: datetime.date | None = None) -> int:
    """Erase the personal data of every case closed longer ago than its country's rule says (each case
    in a transaction of its own: a failure leaves the others done and itself for the next run)."""
    today = today or timezone.localdate()
    rules = {rule.case_type: rule.years for rule in RetentionRule.objects.all()}
    erased = 0
    for model in case_types_with_personal_data():
        years = rules.get(model._meta.label_lower)
        if years is None:
            continue
        done = Erasure.objects.filter(case_type=model._meta.label_lower).values("record_id")
        due = model.objects.filter(closed_on__lt=today - relativedelta(years=years)).exclude(pk__in=done)
        for pk in list(due.values_list("pk", flat=True)):
            personal_data_erase(case=model.objects.get(pk=pk), by=None, reason=Erasure.Reason.RETENTION)
            erased += 1
    return erased
